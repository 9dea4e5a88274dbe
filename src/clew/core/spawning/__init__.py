"""Starting child processes with ``spawn`` without running the parent's main script again: the
context every child process of Clew's starts from (offload's children, the index's reading
workers).

May import: the standard library; nothing else of Clew's."""
