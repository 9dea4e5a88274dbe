"""Command line: `clew [VAULT] [NOTE]` opens the window; `clew render|backlinks` answer without one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from clew import __version__
from clew.core.indexing import index_vault
from clew.core.note_page import RenderRequest, render_request, resolutions_for
from clew.core.vault import Vault, nfc

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def _open_vault(folder: str) -> Vault:
    try:
        return Vault(folder)
    except (NotADirectoryError, OSError):
        raise CliError(f"no such vault folder: {folder}") from None


def note_path(vault: Vault, note: str, known: set[str]) -> str:
    """The vault path of ``note``, given relative to the vault (or absolute, inside it)."""
    candidate = Path(note)
    if candidate.is_absolute():
        rel = vault.rel_path(candidate)
        if rel is None:
            raise CliError(f"{note} is not inside the vault {vault.root}")
    else:
        rel = nfc(note.replace("\\", "/")).removeprefix("./")
    if rel not in known:
        raise CliError(f"no note {rel} in the vault {vault.root}")
    return rel


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 10000")
    return width, height


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clew",
        description="Browse a folder of Markdown notes. Also: `clew render VAULT NOTE`, "
                    "`clew backlinks VAULT NOTE [--json]`.",
    )
    parser.add_argument("--version", action="version", version=f"clew {__version__}")
    parser.add_argument("vault", nargs="?", help="the folder of notes (default: the last one, or the demo vault)")
    parser.add_argument("note", nargs="?", help="a note to show, relative to the vault")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a picture of the window and exit")
    parser.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH", help="window size (1400x900)")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clew")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="print the HTML the view shows for NOTE")
    backlinks = commands.add_parser("backlinks", help="list the links to NOTE")
    backlinks.add_argument("--json", action="store_true", help="a JSON list of {source, line, context}")
    for sub in (render, backlinks):
        sub.add_argument("vault")
        sub.add_argument("note")
    return parser


def cmd_render(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    files, index = index_vault(vault)
    path = note_path(vault, args.note, {f.path for f in files})
    result = render_request(RenderRequest(0, vault.root, path, resolutions_for(index, path)))
    for notice in result.notices:
        print(f"clew: {notice}", file=sys.stderr)
    if result.missing:
        return 1
    print(result.html)
    return 0


def cmd_backlinks(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    files, index = index_vault(vault)
    path = note_path(vault, args.note, {f.path for f in files})
    found = [{"source": b.source, "line": b.link.line, "context": b.link.context.strip()}
             for b in index.backlinks(path)]
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for item in found:
            print(f"{item['source']}:{item['line']}: {item['context']}")
    return 0


def _open_window(args: argparse.Namespace) -> int:
    if args.vault:
        vault = _open_vault(args.vault)
        if args.note:
            note_path(vault, args.note, {f.path for f in vault.scan()})
    elif args.screenshot or args.note:
        raise CliError("give the vault folder too: clew [--screenshot FILE.png] VAULT [NOTE]")
    from clew.ui.app import run_gui, take_screenshot  # Qt only when a window is wanted

    if args.screenshot:
        return take_screenshot(args.screenshot, args.vault, args.note, args.size)
    return run_gui(args.vault, args.note)


COMMANDS = {"render": cmd_render, "backlinks": cmd_backlinks}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        return _open_window(_window_parser().parse_args(argv))
    except CliError as error:
        print(f"clew: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
