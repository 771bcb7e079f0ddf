"""Pure core of audit-svc: Merkle tree hashing and proofs, signed checkpoints. No I/O, no clock."""
