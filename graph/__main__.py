"""`python -m graph` runs the `kg` command line."""

from graph.cli.main import main

if __name__ == "__main__":
    main()
