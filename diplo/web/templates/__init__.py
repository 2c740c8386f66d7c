"""The pages' Jinja2 templates (package data)."""
