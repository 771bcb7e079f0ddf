"""`lodestone-audit`: the auditors' command-line tool that verifies the log independently."""
