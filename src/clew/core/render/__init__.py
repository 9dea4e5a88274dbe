"""A note as the view shows it: the page, the Markdown renderer and Clew's extensions of it
(``extensions/``), embeds, previews, HTML safety, the layout bound, styles, themes, formulas.

May import: clew.core.index.graph, clew.core.notes, clew.core.links.model, clew.core.vault.files,
clew.core.vault.obsidian_config, clew.core.text."""
