"""The vault on disk: its files and which are notes, the files known, change batches, folder
symlinks and unreadable folders, names as the disk spells them, watch limits, the cache folder,
the shape of its file tree, what its Obsidian settings (app.json) say.

May import: the standard library; clew.core.memory, clew.core.text."""
