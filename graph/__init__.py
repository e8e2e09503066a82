"""franchise-kg: a knowledge graph of the "To All the Boys" franchise and "XO, Kitty".

The package imports nothing heavy at start-up: each command imports only what it needs, so
that a cold `kg query` stays fast.
"""

__version__ = "0.2.2"
