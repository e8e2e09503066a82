"""Source articles: sentences, their registry in ontology/sources/, and finding quotes."""
