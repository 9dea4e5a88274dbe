"""The note view and what acts on it: find, reading keys, link hints, hover previews, history,
typography, and which files a note's URLs may reach.

May import: clew.core, clew.ui.widgets, clew.ui.background."""
