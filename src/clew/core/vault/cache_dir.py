"""Where Clew keeps what it may rebuild at any time: one cache folder per vault, never inside it.

The cache is optional: when its folder cannot be made or used, the stores keep what they hold
in memory for the session (``CacheUnavailable`` says why, in words a user can act on).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from platformdirs import user_cache_dir


class CacheUnavailable(Exception):
    """The cache folder cannot be made or used; the message says which and why."""


def cache_root() -> Path:
    """Clew's cache folder (``$XDG_CACHE_HOME/clew`` on Linux). ``CLEW_CACHE_DIR`` overrides it."""
    override = os.environ.get("CLEW_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("clew", appauthor=False))


def formula_cache_dir() -> Path:
    """Where formulas drawn as SVG are kept, for every vault: the window's and the command line's."""
    return cache_root() / "math"


def model_cache_dir() -> Path:
    """Where the mojibake repair's character and word models are kept, for every vault."""
    return cache_root() / "models"


def vault_cache_dir(vault_root: Path) -> Path:
    """The cache folder of one vault, named by its path (readable stem + hash), created on
    demand. Raises CacheUnavailable when it cannot be."""
    resolved = str(Path(vault_root).resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    folder = cache_root() / f"{Path(resolved).name[:40] or 'vault'}-{digest}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheUnavailable(f"the cache folder {folder} cannot be made ({error.strerror or error}); "
                               "set CLEW_CACHE_DIR to a folder Clew may write") from None
    return folder


def is_locked(error: BaseException) -> bool:
    """Whether SQLite says another program holds a cache file's lock (the file is left alone)."""
    return isinstance(error, sqlite3.OperationalError) and any(
        word in str(error).lower() for word in ("locked", "busy"))


def is_damaged(error: BaseException) -> bool:
    """Whether SQLite says a cache file is damaged or not one of this Clew's: started afresh,
    that is cured. Anything else (a lock, a read-only file, a full disk) is not."""
    if type(error) in (sqlite3.DatabaseError, sqlite3.IntegrityError):
        return True
    return isinstance(error, sqlite3.OperationalError) and "no such table" in str(error)
