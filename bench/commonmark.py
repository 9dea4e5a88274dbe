"""How much of CommonMark Clew renders as the spec says: pass rates on the spec's examples, per
section and overall, and on the sections notes use as one figure (GFM tables, which the spec
does not cover, by our own cases checked against markdown-it-py).

    python bench/commonmark.py [--spec FILE] [--show SECTION]

The examples come from markdown-it-py's source distribution (tests/test_cmark_spec/
commonmark.json; its wheel leaves them out). The first run fetches it with
``pip download --no-deps --no-binary :all: markdown-it-py==<installed version>`` into the user
cache folder; without network, fetch that file elsewhere and give it with --spec (the .tar.gz
or the commonmark.json inside it), or put the .tar.gz in the cache folder this script names.

Both sides are normalised as the spec's own test runner does, after Clew's view decorations are
undone (tests/core/render/plain_html.py says which, and what is not compared).
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import tarfile
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import platformdirs
from markdown_it import MarkdownIt

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from clew.core.render.markdown import render_note  # noqa: E402
from tests.core.render.plain_html import (  # noqa: E402
    normalize, oracle_table_align, plain_clew_html, without_code_languages,
)

SPEC_MEMBER = "tests/test_cmark_spec/commonmark.json"
# The spec sections notes are written with (issue 20), reported together as one figure.
NOTE_SECTIONS = (
    "List items", "Lists", "Fenced code blocks", "ATX headings", "Block quotes",
    "Emphasis and strong emphasis", "Links", "Code spans", "Hard line breaks", "Autolinks", "Tabs",
)
# GFM tables, which the CommonMark spec leaves out: our own cases, judged by markdown-it-py.
TABLE_CASES = (
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "a | b\n--|--\n1 | 2\n",
    "| left | centre | right |\n|:-----|:------:|------:|\n| 1 | 2 | 3 |\n",
    "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n",
    "| a |\n|---|\n| `x \\| y` |\n",
    "| a | b |\n|---|---|\n| *em* | [link](https://x.org) |\n",
    "Intro line\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n> quote\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n# Heading\n",
    "| a | b |\n|---|\n| 1 | 2 |\n",
    "- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",
    "| a | b |\n|---|---|\n",
)


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("clew")) / "commonmark-spec"


def fetch_spec() -> Path:
    """The sdist of the installed markdown-it-py, downloaded into the cache once."""
    wanted = version("markdown-it-py")
    folder = cache_dir()
    found = sorted(folder.glob(f"markdown_it_py-{wanted}.tar.gz"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               "--dest", str(folder), f"markdown-it-py=={wanted}"]
    done = subprocess.run(command, capture_output=True, text=True)
    found = sorted(folder.glob(f"markdown_it_py-{wanted}.tar.gz"))
    if done.returncode != 0 or not found:
        raise SystemExit(
            f"could not download markdown-it-py {wanted}'s source (it holds the spec examples):\n"
            f"{done.stderr.strip()[-500:]}\n"
            f"Without network: on a machine with network run `pip download --no-deps --no-binary :all: "
            f"markdown-it-py=={wanted}`, then copy the .tar.gz into {folder} or pass it with --spec."
        )
    return found[0]


def load_examples(spec: Path) -> list[dict]:
    if spec.suffix == ".json":
        return json.loads(spec.read_text(encoding="utf-8"))
    with tarfile.open(spec) as archive:
        member = next((m for m in archive.getmembers() if m.name.endswith(SPEC_MEMBER)), None)
        if member is None:
            raise SystemExit(f"{spec} holds no {SPEC_MEMBER}")
        return json.load(archive.extractfile(member))


def line_break_options() -> tuple[dict, str]:
    """Render with strict line breaks (as CommonMark) when Clew has that mode."""
    if "strict_line_breaks" in inspect.signature(render_note).parameters:
        return {"strict_line_breaks": True}, "strict line breaks (CommonMark's)"
    return {}, "Clew's only mode (it has no strict-line-breaks mode yet)"


def passes(markdown_text: str, expected_html: str, options: dict) -> tuple[bool, str]:
    try:
        got = plain_clew_html(markdown_text, **options)
    except Exception as exc:  # a crash is a failure of that example, not of the run
        got = f"<!-- {type(exc).__name__}: {exc} -->"
    return normalize(got) == normalize(without_code_languages(expected_html)), got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, help="markdown-it-py's .tar.gz, or the commonmark.json in it")
    parser.add_argument("--show", metavar="SECTION", action="append", default=[],
                        help="print the failing examples of this section (may repeat; 'GFM tables' too)")
    args = parser.parse_args(argv)
    examples = load_examples(args.spec or fetch_spec())
    options, mode = line_break_options()
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for example in examples:
        section = example["section"]
        ok, got = passes(example["markdown"], example["html"], options)
        total[section] += 1
        passed[section] += ok
        if not ok and section in args.show:
            print(f"--- example {example['example']} ({section})\n{example['markdown']!r}\n"
                  f"expected: {normalize(example['html'])}\n     got: {normalize(got)}\n")
    oracle = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    table_passed = 0
    for case in TABLE_CASES:
        expected = oracle_table_align(oracle.render(case))
        ok, got = passes(case, expected, options)
        table_passed += ok
        if not ok and "GFM tables" in args.show:
            print(f"--- GFM table case\n{case!r}\nexpected: {normalize(expected)}\n     got: {normalize(got)}\n")

    print(f"CommonMark spec examples from markdown-it-py {version('markdown-it-py')}; line breaks: {mode}\n")
    for section in sorted(total, key=lambda s: passed[s] / total[s]):
        mark = "*" if section in NOTE_SECTIONS else " "
        print(f" {mark} {section:40} {passed[section]:4}/{total[section]:<4} {100 * passed[section] / total[section]:5.1f}%")
    print(f" * {'GFM tables (own cases, markdown-it-py)':40} {table_passed:4}/{len(TABLE_CASES):<4} "
          f"{100 * table_passed / len(TABLE_CASES):5.1f}%")
    overall, count = sum(passed.values()), sum(total.values())
    used = sum(passed[s] for s in NOTE_SECTIONS) + table_passed
    used_count = sum(total[s] for s in NOTE_SECTIONS) + len(TABLE_CASES)
    print(f"\nSections notes use (*): {used}/{used_count} ({100 * used / used_count:.1f}%)")
    print(f"Overall, spec examples: {overall}/{count} ({100 * overall / count:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
