"""Getting a process ready to repair mojibake before a note needs it.

The first repair in a process costs ~0.4 s of CPU before the note's own: importing the repair
(ftfy, wordfreq) and compiling its regular expressions (~0.15 s), and loading the character and
word models kept on disk (~0.15 s, most of it the Chinese word model). The render child does
this while it sits idle, once the vault is known to hold notes to repair, so that the first
one opened waits only for its own repair. A clean vault's child never does, and never holds the
models (~70 MB).

Only models already kept on disk are loaded, never built: a build takes seconds and a few
hundred MB, and the repair child keeps the models it builds there first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

# Mis-encoded as the repair meets it (``mojibake.mangle``): a quick reading of it compiles the
# expressions and code-page tables every repair goes through, and loads no model.
_SAMPLE = "Заметка о модели: 模型与数据, and the notes.\n"


def preload_steps(models: Path | None) -> Iterator[str]:
    """Get ready a step at a time, each under ~0.15 s of CPU, yielding what was done after
    each: the caller may stop between two steps to do something more urgent, and go on later.
    ``models``: the folder the repair's models are kept in (``RepairStore.models``)."""
    from clew.core.text import charmodel, mojibake, rare_words, spelling_choice, wordmodel

    yield "imported the repair"
    mojibake.repair(mojibake.mangle(_SAMPLE), None, guess=False)
    yield "compiled the repair's expressions"
    if models is None:
        return
    for kept in (charmodel.KEPT, wordmodel.KEPT, rare_words.KEPT):
        for language in kept.kept_languages(models):
            if kept.load_kept(language, models):
                yield f"loaded {kept.kind} {language}"
    # Words are looked up in the common list first, and in the rare words only when missing there.
    for language in rare_words.KEPT.kept_languages(models):
        spelling_choice.load_word_list(language)
        yield f"loaded the word list of {language}"
