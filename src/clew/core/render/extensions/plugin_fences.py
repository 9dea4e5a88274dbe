"""Code blocks that Obsidian (or a plugin) runs rather than shows: ```` ```mermaid ````,
```` ```dataview ````, ```` ```dataviewjs ```` and ```` ```query ````. Clew cannot run them; it
shows each source highlighted under a caption that says what the block is, so it does not pass
for anonymous code. They are pymdownx.superfences custom fences (``CUSTOM_FENCES``)."""

from __future__ import annotations

from html import escape

# Fence name -> (caption, the language its source is highlighted as).
PLUGIN_FENCES = {
    "mermaid": ("Mermaid diagram: source", "text"),
    "dataview": ("Dataview query: runs in Obsidian", "sql"),
    "dataviewjs": ("DataviewJS: runs in Obsidian", "javascript"),
    "query": ("Obsidian search query", "text"),
}


def labelled_fence(source: str, language: str, class_name: str, options: dict, md, **kwargs) -> str:
    """A custom fence's format: the caption, then the source highlighted as any fence is (so
    qt_richtext draws it as every code block)."""
    caption, lexer = PLUGIN_FENCES[language]
    code = md.preprocessors["fenced_code_block"].highlight(source, lexer, options, md, classes=[], id_value="",
                                                           attrs={})
    return f'<p class="plugin-block plugin-{class_name}">{escape(caption)}</p>\n{code}'


CUSTOM_FENCES = [
    {"name": name, "class": name, "format": labelled_fence} for name in PLUGIN_FENCES
]
