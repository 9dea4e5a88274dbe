"""A note's text parsed into its facts: title, front matter, headings, block ids, tags, links.

May import: clew.core.links.model, clew.core.links.hrefs, clew.core.vault.files, clew.core.text."""
