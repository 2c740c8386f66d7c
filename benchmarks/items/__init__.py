"""The measured items: one module each, each with `run(space)` adding its figures."""
