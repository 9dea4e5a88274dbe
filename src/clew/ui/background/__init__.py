"""Work off the GUI thread and what keeps the window in step with disk: the task runner, the
vault session, the watcher, the search index's upkeep, the open note's links, the note an opening
shows first, remote images, and work handed on to the event loop's next turn.

May import: clew.core, clew.ui.widgets."""
