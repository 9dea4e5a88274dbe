"""Letting go of what the mojibake repair holds, once a process has no more notes to repair.

A process that repaired notes keeps, for the next one: the character and word models (~50 MB
loaded from the cache, ~35 MB built), wordfreq's lists (~10 MB looked up; ~110 MB more when
the models were built from them), and what the repair remembered of the notes (its caches of
scores and spellings, ~25 MB at 10k notes, ~50 MB at 100k). After reading a 100k-note
multilingual vault, `clew links` made its index next to all of that: its peak was that much
above the English vault's. Let go, the next repair loads them again (~0.3 s of CPU); the
repairs already made are kept in the vault's store, where the next reading finds them.
"""

from __future__ import annotations

import sys

# The repair's modules whose functools caches hold what was met in the notes repaired, and
# wordfreq, whose cached lists the models are built from and words looked up in.
_CACHING_MODULES = ("clew.core.text.mojibake", "clew.core.text.spelling_choice", "clew.core.text.run_groups",
                    "wordfreq")
# The repair's modules that keep a model per language (``model_file.KeptModels``).
_MODEL_MODULES = ("clew.core.text.charmodel", "clew.core.text.wordmodel", "clew.core.text.rare_words")


def release_repair_memory() -> None:
    """Drop the repair's models and caches in this process. Only what was imported is looked
    at: a process that never repaired a note imports none of it (ftfy and wordfreq, ~0.1 s)."""
    for name in _MODEL_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            module.KEPT.forget()
    for name in _CACHING_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            for value in list(vars(module).values()):
                # Its own functions only: an imported one may be cached for every note read
                # (the signs of mojibake's expression, 44 ms to compile).
                if getattr(value, "__module__", None) == name and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
