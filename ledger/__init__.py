"""The write side: statements, meetings as event-sourced aggregates, storage and integrity."""
