"""Plain-Python core of Clew, by stage: text, vault, links, notes, index, search, render, offload.
Never imports Qt; each package's docstring says which of the others it may import."""
