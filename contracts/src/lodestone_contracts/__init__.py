"""Lodestone's shared language: the event envelope, event models, topics and catalog. No I/O."""

CONTRACT_VERSION = "2025.06"
"""Version of the event contracts; `contracts/compat/<version>/` snapshots each released one."""
