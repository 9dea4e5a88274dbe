"""Clew: a desktop browser for folders of Markdown notes."""


def __getattr__(name: str) -> str:
    """``clew.__version__``, looked up when first asked: importlib.metadata costs 35-50 ms, which
    every process of Clew's paid on start, while only --version, the About box, the window and
    the facts store's name need the version."""
    if name != "__version__":
        raise AttributeError(f"module 'clew' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("clew")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
