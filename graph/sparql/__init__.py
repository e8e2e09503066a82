"""SPARQL: the lexer and read-only guard, parameters, the named-query catalogue, running and result formats."""
