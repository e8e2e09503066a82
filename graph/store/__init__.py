"""Stores: loading files, the engines (pyoxigraph, rdflib, a remote endpoint), the disk cache, entailment, push."""
