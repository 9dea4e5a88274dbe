"""Command line: `clew [VAULT] [NOTE]` opens the window; `clew render|backlinks|links|check|search|export`
answer without one."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

import clew
from clew.core.export.writer import ExportRefused, export_vault
from clew.core.index.build import index_vault
from clew.core.memory.collector import bulk_allocation
from clew.core.index.graph import VaultIndex
from clew.core.index.check_report import check_report
from clew.core.index.link_report import link_records, write_links_json
from clew.core.index.source_lines import with_context
from clew.core.index.store import FactsStore
from clew.core.offload.render_worker import RenderWorker
from clew.core.render.formulas import MathStyle, page_math
from clew.core.render.page import page_html, vault_note_page
from clew.core.render.themes import theme_colours
from clew.core.search.fulltext import SearchIndex
from clew.core.search.query import parse_query
from clew.core.vault.cache_dir import formula_cache_dir
from clew.core.vault.disk_names import nfc
from clew.core.vault.files import Vault
from clew.core.vault.obsidian_config import line_breaks
from clew.core.vault.of_note import vault_of_note
from clew.core.vault.shown_names import shown_name

# The panels `--panel` brings forward (clew.ui.setup.screenshot_stage.panels; named here to keep Qt
# out of the command line's start).
PANELS = ("files", "search", "tags", "backlinks", "outgoing", "outline", "graph")

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
        written = note.replace("\\", "/").removeprefix("./")
        if written in known:  # as spelt: one of two NFC/NFD twins
            return written
        rel = nfc(written)
    if rel in known:
        return rel
    # A name holding bytes that are not UTF-8 may be given as Clew shows it ("bad-\xff.md"),
    # its backslashes not path separators.
    given = note.removeprefix("./")
    named = next((path for path in known if not path.isascii() and shown_name(path) == given), None)
    if named is None:
        raise CliError(f"no note {rel} in the vault {vault.root}")
    return named


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 10000")
    return width, height


class _ShowVersion(argparse.Action):
    """``--version``: the version looked up only when asked, not on every start (``clew.__version__``)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"clew {clew.__version__}")
        parser.exit()


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clew",
        description="Browse a folder of Markdown notes. Also: `clew render VAULT NOTE`, "
                    "`clew backlinks VAULT NOTE [--json]`, `clew links VAULT [--json]`, `clew check VAULT`, "
                    "`clew search VAULT QUERY`, `clew export VAULT OUTDIR`.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument("vault", nargs="?", help="the folder of notes, or one note to open in its vault "
                        "(default: the last vault, or the demo vault)")
    parser.add_argument("note", nargs="?", help="a note to show, relative to the vault")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a picture of the window and exit")
    parser.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH", help="window size (1400x900)")
    parser.add_argument("--theme", choices=("light", "dark"),
                        help="show this theme (not remembered); default: the chosen one, else the system's")
    parser.add_argument("--panel", choices=PANELS, help="with --screenshot: the panel to bring forward")
    parser.add_argument("--hover", metavar="LINK TEXT",
                        help="with --screenshot: open the preview of the first link showing this text")
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
    links = commands.add_parser("links", help="list every link of every note and where it goes")
    links.add_argument("--json", action="store_true", help="one JSON object {vault, notes, links}")
    check = commands.add_parser("check", help="report the broken links; exit 1 if there are any")
    for sub in (links, check):
        sub.add_argument("vault")
    search = commands.add_parser("search", help="search the notes' text (the search panel's queries)")
    search.add_argument("vault")
    search.add_argument("query", help='words (all must match), "exact phrase", path:x, tag:x, -exclude')
    search.add_argument("--json", action="store_true", help="a JSON list of {path, line, snippet}")
    search.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N notes (50)")
    export = commands.add_parser("export", help="write every note as a standalone HTML page into OUTDIR")
    export.add_argument("vault")
    export.add_argument("outdir", help="a new or empty folder outside the vault, or an earlier export")
    export.add_argument("--theme", choices=("light", "dark"), default="light", help="the pages' colours (light)")
    for sub in (render, export):
        sub.add_argument("--strict-line-breaks", action="store_true",
                         help="a single newline in a paragraph is a space, not a line break (Obsidian's "
                              "\"Strict line breaks\"); a vault whose .obsidian/app.json sets it is followed")
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return number


def _page_math(theme: str) -> MathStyle:
    """Formulas as a page of the command line draws them: in the theme's text colour, into the
    window's formula cache (a formula drawn once serves both)."""
    return page_math(theme_colours(theme).text, formula_cache_dir())


def cmd_render(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    worker = RenderWorker()  # the view's time limit and fallbacks, for hostile notes too
    worker.start()  # it gets ready while the vault is indexed
    try:
        files, index = index_vault(vault, store=FactsStore.for_vault(vault.root))
        path = note_path(vault, args.note, {f.path for f in files})
        _say_when_the_vault_keeps_line_breaks(vault, args.strict_line_breaks)
        result = vault_note_page(worker.render, vault, index, path, _page_math("light"),
                                 strict_line_breaks=args.strict_line_breaks)
    finally:
        worker.close()
    for notice in result.notices:
        print(f"clew: {shown_name(notice)}", file=sys.stderr)
    if result.missing:
        return 1
    print(shown_name(page_html(result)))
    return 0


def _say_when_the_vault_keeps_line_breaks(vault: Vault, strict_asked: bool) -> None:
    """--strict-line-breaks gives way to the vault's app.json, as the window's setting does: say so."""
    if strict_asked and not line_breaks(vault.root, strict_asked).strict:
        print("clew: this vault's .obsidian/app.json sets strictLineBreaks to false; its line breaks are kept",
              file=sys.stderr)


def cmd_backlinks(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    files, index = index_vault(vault, store=FactsStore.for_vault(vault.root))
    path = note_path(vault, args.note, {f.path for f in files})
    found = [{"source": shown_name(b.source), "line": b.link.line, "context": b.context.strip()}
             for b in with_context(vault, index.backlinks(path))]
    _print_places(found, args.json)
    return 0


def _open_window(args: argparse.Namespace) -> int:
    if args.vault and not args.note and Path(args.vault).is_file():  # "Open with Clew" on a note
        folder, args.note = vault_of_note(Path(args.vault))
        args.vault = str(folder)
    if args.vault:
        vault = _open_vault(args.vault)
        if args.note:
            note_path(vault, args.note, {f.path for f in vault.scan()})
    elif args.screenshot or args.note:
        raise CliError("give the vault folder too: clew [--screenshot FILE.png] VAULT [NOTE]")
    if (args.panel or args.hover) and not args.screenshot:
        raise CliError("--panel and --hover go with --screenshot")
    from clew.ui.app import run_gui, take_screenshot  # Qt only when a window is wanted
    from clew.ui.setup.screenshot_stage import ScreenshotStage

    if args.screenshot:
        return take_screenshot(args.screenshot, args.vault, args.note, args.size,
                               ScreenshotStage(args.panel or "", args.hover or ""), theme=args.theme or "")
    return run_gui(args.vault, args.note, theme=args.theme or "")


def _index_with_every_note(vault: Vault) -> VaultIndex:
    """The index of ``vault`` holding every note's facts: for a pass over all of its links."""
    store = FactsStore.for_vault(vault.root)
    _files, index = index_vault(vault, store=store)
    with bulk_allocation():
        index.read_back_all(store.read_back_all)
    return index


def cmd_links(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    index = _index_with_every_note(vault)
    records = link_records(index)
    if args.json:
        write_links_json(sys.stdout, shown_name(str(vault.root)), index.note_count, records)
    else:
        for r in records:
            where = r.resolved or r.reason or "external"
            print(f"{r.source}:{r.line}: [{r.kind}] {r.target} -> {where}" + (f" ({r.how})" if r.how else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    report = check_report(vault, FactsStore.for_vault(vault.root))
    print("\n".join(report.lines))
    for warning in report.warnings:
        print(f"clew: warning: {warning}", file=sys.stderr)
    return 1 if report.broken else 0


def cmd_search(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    if parse_query(args.query).empty:
        raise CliError('give something to search for: words, "a phrase", path:folder or tag:name')
    index = SearchIndex.for_vault(vault.root)
    index.sync(vault)
    found = [{"path": shown_name(h.path), "line": h.line, "snippet": h.snippet}
             for h in index.search(args.query, args.limit)]
    _print_places(found, args.json)
    return 0


def _print_places(found: list[dict], as_json: bool) -> None:
    """Places in notes ({where, line, text} in that key order): a JSON list, or
    ``path:line: text`` lines as compilers print them."""
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for item in found:
        where, line, text = item.values()
        print(f"{where}:{line}: {text}")


class _ExportProgress:
    """``exported N/M notes``: rewritten in place on a terminal, else a line every few seconds."""

    def __init__(self, every: float = 5.0) -> None:
        self.stream = sys.stderr
        self.terminal = self.stream.isatty()
        self.every = every
        self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.terminal:
            self.stream.write(f"\rexported {done}/{total} notes")
        elif done == total or now - self.last >= self.every:
            self.stream.write(f"exported {done}/{total} notes\n")
            self.last = now
        self.stream.flush()

    def end(self) -> None:
        if self.terminal:
            self.stream.write("\n")


def cmd_export(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault)
    _say_when_the_vault_keeps_line_breaks(vault, args.strict_line_breaks)
    progress = _ExportProgress()
    try:
        report = export_vault(vault, Path(args.outdir), args.theme, progress, math=_page_math(args.theme),
                              strict_line_breaks=args.strict_line_breaks)
    except ExportRefused as refused:
        raise CliError(str(refused)) from None
    finally:
        progress.end()
    for note in report.unreadable:
        print(f"clew: {shown_name(note.path)}: not exported: {note.reason}", file=sys.stderr)
    print(f"{report.notes} notes exported to {shown_name(args.outdir)} in {report.seconds:.1f} s "
          f"({report.files_copied} files copied)", file=sys.stderr)
    return 1 if report.unreadable else 0


COMMANDS = {"render": cmd_render, "backlinks": cmd_backlinks, "links": cmd_links, "check": cmd_check,
            "search": cmd_search, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen bundle's render worker starts through here
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        return _open_window(_window_parser().parse_args(argv))
    except CliError as error:
        print(f"clew: {shown_name(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
