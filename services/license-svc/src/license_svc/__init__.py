"""license-svc: export licence applications, lanes, four-eyes review, licences and reservations."""
