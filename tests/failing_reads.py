"""Reading that fails for one file: how a test makes a note unreadable or its repair crash."""

from __future__ import annotations

from clew.core.vault import files


def fail_reading(monkeypatch, name: str, error: BaseException) -> None:
    """Every read of a note through its vault (``Vault.note_text``) raises ``error`` for the
    file named ``name``, and reads every other file as before."""
    real = files.note_text

    def note_text(path, *args, **kwargs):
        if path.name == name:
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "note_text", note_text)
