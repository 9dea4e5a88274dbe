"""A vault written out as static HTML pages (`clew export`): each note's page as `clew render`
composes it, its links made relative between the pages, the files it shows copied beside them.

May import: clew.core.offload, clew.core.render, clew.core.index, clew.core.links, clew.core.vault, clew.core.text."""
