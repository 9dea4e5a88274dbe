"""Finding notes: the full-text index (SQLite FTS5), its query language, the switcher's ranking,
unlinked mentions.

May import: clew.core.memory, clew.core.index.graph, clew.core.notes, clew.core.links.model, clew.core.vault.files, clew.core.text."""
