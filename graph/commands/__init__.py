"""One module per `kg` command (or small group of related commands)."""
