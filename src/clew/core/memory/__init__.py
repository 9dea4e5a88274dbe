"""Memory of big collections handed back without holding the GIL: tables emptied an entry at a
time, big lists sorted a piece at a time, and the cyclic collector paused while millions of
long-lived objects are made.

May import: the standard library; nothing else of Clew's."""
