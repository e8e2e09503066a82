"""The `kg` command line: `main` builds the click group, one module per command (or group)."""
