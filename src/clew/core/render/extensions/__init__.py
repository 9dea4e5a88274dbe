"""Clew's own Python-Markdown extensions: links, comments, CommonMark block structure, external
marks, Qt rich-text shapes, callouts, math blocks, backslash hard breaks.

May import: what clew.core.render.markdown may."""
