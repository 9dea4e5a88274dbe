"""Whether a Russian word's ending agrees with the word before it: what a word's frequency alone
cannot see, and what decides between two spellings a lost byte leaves once both are words. я
and с, ю and я each lose their second byte in Windows-1254: "я читаю" read "с читаю", "базовую
версию" read "базовую версия", as с and версия are the commoner words.

Hand-written grammar, not statistics (no Russian running text with a licence we could ship is
at hand): the pronoun я takes a verb in the first person singular (-ю, -у; -юсь, -усь); a noun
after a feminine adjective in the accusative (-ую, -юю) is in the accusative too (-ю, -у), and
so is one right after a verb in the first person (-аю, -яю, -ую), whose subject is not the
noun. Not the nominative's -ая before -я: gerunds end so too (изучая), and would pull the
noun after them to the nominative. Each rule only adds to a spelling that agrees; how much is
the repair's to weigh (``spelling_choice``)."""

from __future__ import annotations

# (how the word before ends, or what it is with a leading space; the endings that agree after it)
_RULES = (
    (" я", ("ю", "у", "юсь", "усь")),
    ("аю", ("ю", "у")),
    ("яю", ("ю", "у")),
    ("ую", ("ю", "у")),
    ("юю", ("ю", "у")),
)
LANGUAGES = frozenset({"ru"})


def agrees(previous: str, word: str) -> bool:
    """Whether ``word``'s ending is one a rule asks for after ``previous`` (both lower case
    or not)."""
    previous, word = " " + previous.lower(), word.lower()
    return any(previous.endswith(before) and word.endswith(endings) for before, endings in _RULES)
