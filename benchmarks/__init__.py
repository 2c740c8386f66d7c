"""Benchmarks of diplo, run from the repository root: `python -m benchmarks.run` (not installed)."""
