"""The side panels around the note: tree, backlinks, outgoing links, outline, tags, search, the
local graph, and the side panes they sit in.

May import: clew.core, clew.ui.widgets, clew.ui.background, clew.ui.reader."""
