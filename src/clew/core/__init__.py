"""Plain-Python core of Clew: vault, reading, parsing, links, index, rendering. Never imports Qt."""
