"""The write side of the ledger and its command line."""
