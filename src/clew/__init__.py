"""Clew: a desktop browser for folders of Markdown notes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clew")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
