"""Work done in child processes, so that a slow or hostile input can be cut off: the child
mechanism, and the render, index, scan, backlinks and search-writer children built on it.

May import: any of clew.core."""
