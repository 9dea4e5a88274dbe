"""Links: the model (what a link is, how it resolved or why not), the resolver that finds the file
a link means (docs/LINKS.md), hrefs and fragments.

May import: clew.core.memory, clew.core.vault.files, clew.core.text."""
