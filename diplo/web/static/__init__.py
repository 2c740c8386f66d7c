"""The stylesheet (package data)."""
