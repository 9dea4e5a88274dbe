"""Settings write only what changes: QSettings writes every value set to its file on the GUI
thread, with two fdatasyncs, even when the file holds that value already."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from clew.ui.settings import Settings


class CountedWrites(QSettings):
    def __init__(self, path) -> None:
        super().__init__(str(path), QSettings.Format.IniFormat)
        self.written: list[str] = []

    def setValue(self, key: str, value: object) -> None:  # noqa: N802 (Qt's name)
        self.written.append(key)
        super().setValue(key, value)


def test_a_value_the_settings_hold_already_is_not_written_again(tmp_path):
    settings = Settings(CountedWrites(tmp_path / "clew.ini"))
    settings.last_vault = "/notes"
    settings.set_last_note("/notes", "a.md")
    settings.theme = "dark"
    settings.full_width = True
    settings.store.sync()
    # As at the next start: every value read back from the file.
    again = Settings(CountedWrites(tmp_path / "clew.ini"))
    again.last_vault = "/notes"
    again.set_last_note("/notes", "a.md")
    again.theme = "dark"
    again.full_width = True
    assert again.store.written == []
    again.set_last_note("/notes", "b.md")
    again.full_width = False
    assert again.store.written == ["state/last_notes", "preferences/full_width"]
    assert (again.last_note("/notes"), again.full_width, again.last_vault) == ("b.md", False, "/notes")
