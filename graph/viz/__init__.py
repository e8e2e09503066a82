"""Drawing: the graph as NetworkX, its layout, and the offline pyvis page of `kg viz`."""
