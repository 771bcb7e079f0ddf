"""screening-svc: screens export orders and licence applications (parties, end use, materials)."""
