"""The read side: the status fold, the materialized view, and queries."""
