"""The character and word models kept on disk, so a process that repairs a note loads them
instead of building them from wordfreq's lists: the build takes about a second, and the
indexer, its worker process and the window each paid it.

One file per model in a folder the caller gives (Clew's cache), stamped with the wordfreq and
jieba versions and ``MODEL_VERSION``: a model built from other lists or by another build is built
again. A file is written under a temporary name and renamed, so a process never reads half of
one another is writing; a damaged one (its checksum, stamp or shape is wrong) is built again,
never trusted. Whatever goes wrong with the folder costs a build, never a repair.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import threading
import zlib
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import msgpack

# Bump when a model is built differently: the files written by the older build are built again.
MODEL_VERSION = 6
_MAGIC = b"clew-model\n"
_CHECKSUM_BYTES = 4
_HEAD = len(_MAGIC) + _CHECKSUM_BYTES

_log = logging.getLogger(__name__)


class Damaged(ValueError):
    """A model file's data does not have the shape its model needs."""


class Model(Protocol):
    def to_data(self) -> Any: ...


M = TypeVar("M", bound=Model)


@functools.cache
def _stamp() -> str | None:
    """What the models are built from: the versions of wordfreq and jieba (``word_classes``),
    or where their metadata is not shipped (the installers) Clew's, which the bundled ones
    change only with. None: not known, so nothing is kept."""
    for packages in (("wordfreq", "jieba"), ("clew",)):
        try:
            return " ".join(f"{package} {version(package)}" for package in packages) + f" model {MODEL_VERSION}"
        except PackageNotFoundError:
            continue
    return None


def load(path: Path) -> Any | None:
    """The data kept at ``path``; None when there is none, or none to trust."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        _log.warning("the text model %s cannot be read (%s): it is built instead", path, error)
        return None
    body = memoryview(raw)[_HEAD:]
    if raw[:len(_MAGIC)] != _MAGIC or raw[len(_MAGIC):_HEAD] != zlib.crc32(body).to_bytes(_CHECKSUM_BYTES, "big"):
        _log.warning("the text model %s is damaged: it is built again", path)
        return None
    try:
        stamp, data = msgpack.unpackb(body)
    except (ValueError, TypeError) as error:
        _log.warning("the text model %s is damaged (%s): it is built again", path, error)
        return None
    return data if stamp == _stamp() else None


def save(path: Path, data: Any) -> None:
    """Keep ``data`` at ``path``: written beside it and renamed over it, so a reader finds the
    old file or the whole new one."""
    if _stamp() is None:
        return
    body = msgpack.packb([_stamp(), data])
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as file:
            temporary = Path(file.name)
            file.write(_MAGIC + zlib.crc32(body).to_bytes(_CHECKSUM_BYTES, "big"))
            file.write(body)
        os.replace(temporary, path)
    except OSError as error:
        _log.warning("the text model %s cannot be kept (%s): the next start builds it again", path, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


class KeptModels(Generic[M]):
    """One model per language for the whole process, loaded from the folder the first caller
    gives, or built (and kept there) when it holds none to trust. Whichever folder later callers
    give, they get that same model: the models do not depend on the vault, and a second copy
    would double the tens of MB they hold."""

    def __init__(self, kind: str, build: Callable[[str], M], from_data: Callable[[str, Any], M]) -> None:
        self.kind = kind
        self._build = build
        self._from_data = from_data
        self._models: dict[str, M] = {}
        # Held while one is loaded or built, so two threads never build the same model twice.
        self._lock = threading.Lock()

    def get(self, language: str, folder: Path | None) -> M:
        # Without the lock once loaded: the character model asks for the fallback at every
        # character it scores.
        model = self._models.get(language)
        if model is not None:
            return model
        with self._lock:
            model = self._models.get(language)
            if model is None:
                model = self._models[language] = self._load_or_build(language, folder)
            return model

    def forget(self) -> None:
        """Drop every model held (``repair_release``): the next caller loads or builds it again."""
        with self._lock:
            self._models.clear()

    def kept_languages(self, folder: Path) -> list[str]:
        """The languages whose models ``folder`` holds a file of (not yet checked)."""
        prefix, suffix = f"{self.kind}-", ".msgpack"
        return sorted(path.name[len(prefix):-len(suffix)] for path in folder.glob(f"{prefix}*{suffix}"))

    def load_kept(self, language: str, folder: Path) -> bool:
        """Load the model of ``language`` from ``folder`` ahead of need, if it keeps one to
        trust; whether this process now holds it. Never built here: a process getting ready
        (``repair_preload``) would spend seconds and hundreds of MB on a model it may not need."""
        if language in self._models:
            return True
        with self._lock:
            if language not in self._models:
                model = self._load(language, folder)
                if model is None:
                    return False
                self._models[language] = model
            return True

    def _path(self, language: str, folder: Path) -> Path:
        return folder / f"{self.kind}-{language}.msgpack"

    def _load(self, language: str, folder: Path) -> M | None:
        path = self._path(language, folder)
        data = load(path)
        if data is not None:
            try:
                return self._from_data(language, data)
            except Damaged as error:
                _log.warning("the text model %s is damaged (%s): it is built again", path, error)
        return None

    def _load_or_build(self, language: str, folder: Path | None) -> M:
        if folder is None:
            return self._build(language)
        model = self._load(language, folder)
        if model is None:
            model = self._build(language)
            save(self._path(language, folder), model.to_data())
        return model
