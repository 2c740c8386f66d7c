"""The interfaces: the `diplo` command line, text rendering, exports, timeline pictures."""
