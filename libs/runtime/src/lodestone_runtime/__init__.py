"""Machinery every Lodestone service shares; a service is then mostly domain code."""
