"""Reading that fails for one file: how a test makes a note unreadable or its repair crash."""

from __future__ import annotations


def fail_reading(monkeypatch, module, name: str, error: BaseException) -> None:
    """``module.note_text`` raises ``error`` for the file named ``name``, and reads every
    other file as before."""
    real = module.note_text

    def note_text(path, *args, **kwargs):
        if path.name == name:
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, "note_text", note_text)
