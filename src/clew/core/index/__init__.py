"""The vault's link graph and what keeps it: its build, its relinks, its results and how a note's
links are listed from the pool of answers, the facts store, its snapshot and the tables an
index and its snapshot hand each other, the lines around links, the link report, the local
graph and where its labels go.

May import: clew.core.memory, clew.core.notes, clew.core.links.model, clew.core.vault, clew.core.text,
clew.core.spawning."""
