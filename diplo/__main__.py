"""`python -m diplo` runs the `diplo` command line."""

from diplo.cli import main

main(prog_name="diplo")
