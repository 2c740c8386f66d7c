"""`python -m ledger` runs the `diplo` command line."""

from ledger.cli import main

main(prog_name="diplo")
