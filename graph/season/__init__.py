"""Seasons: describing one (options or a TOML file), planning its claims against the graph, writing them."""
