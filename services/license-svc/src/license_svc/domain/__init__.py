"""Pure licence domain: facts in, facts out. Standard library only: no I/O, no clock."""
