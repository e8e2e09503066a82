"""Drafting a season file from a registered article (`kg season draft`): the rules that read
the article's sentences into season facts (`extract`), and the draft that matches them with
the graph and writes the season file `kg season add --from` accepts."""
