"""The files a note's URLs name, and which of them the window may read or hand to the system:
only those the vault holds (``Vault.holds``: real paths, symlinks and ``..`` followed)."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QUrl

from clew.core.vault.files import Vault


def local_path(url: QUrl) -> Path | None:
    """The absolute path a ``file:`` URL or a bare absolute path (``/a/b.png``) names; None for
    anything else. A relative path is None: it would be taken from the process's working folder.
    A file on another host is None: nothing is read from the network by path."""
    if url.host():
        return None
    if url.isLocalFile():
        text = url.toLocalFile()
    elif not url.scheme():
        text = url.path()
    else:
        return None
    path = Path(text)
    return path if path.is_absolute() else None


def held_file(vault: Vault | None, url: QUrl) -> Path | None:
    """The real path of the file ``url`` names when the vault holds it, else None."""
    path = local_path(url)
    if vault is None or path is None or not vault.holds(path):
        return None
    return path.resolve()


def data_url_bytes(url: QUrl) -> bytes:
    """The bytes a ``data:`` URL carries (empty when they cannot be decoded)."""
    header, _, payload = url.toString(QUrl.ComponentFormattingOption.FullyEncoded).partition(",")
    raw = unquote_to_bytes(payload)
    if not header.lower().endswith(";base64"):
        return raw
    try:
        return base64.b64decode(raw)
    except binascii.Error:
        return b""
