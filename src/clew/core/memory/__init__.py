"""Memory of big collections handed back and made without holding the GIL long: tables emptied
an entry at a time or made a part at a time, big lists sorted a piece at a time, and the cyclic
collector paused while millions of long-lived objects are made.

May import: the standard library; nothing else of Clew's."""
