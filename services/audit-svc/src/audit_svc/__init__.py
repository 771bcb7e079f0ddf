"""audit-svc: the append-only Merkle log of every Lodestone event, signed checkpoints and proofs."""
