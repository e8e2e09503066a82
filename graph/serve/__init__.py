"""`kg serve`: the read-only SPARQL endpoint and its page."""
