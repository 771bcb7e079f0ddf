"""Pure screening core: model, name matching, restricted lists and rules. No I/O, no clock."""
