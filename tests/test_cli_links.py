"""`clew links` and `clew check`: every link of a vault as JSON, and the broken ones as a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clew.cli import main
from vault_files import write

DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"


def links_json(capsys, vault: Path) -> dict:
    assert main(["links", str(vault), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_links_json_lists_every_link_with_how_it_resolved(tmp_path, capsys):
    vault = write(tmp_path / "v", {
        "a/note.md": "---\nup: \"[[../index]]\"\n---\n[[b|shown]] [x](<../index.md> \"t\") [r][ref] https://x.org/p\n"
                     "![[pic.png|300]] [[gone#H]] [[B]]\n\n[ref]: b.md\n",
        "a/b.md": "# B\n",
        "index.md": "",
        "pic.png": "",
    })
    found = links_json(capsys, vault)
    assert found["vault"] == str(vault.resolve())
    assert found["notes"] == 3
    rows = [(l["line"], l["kind"], l["target"], l["fragment"], l["resolved"], l["how"], l["reason"])
            for l in found["links"]]
    assert rows == [
        (2, "frontmatter", "../index", None, "index.md", "relative", None),
        (4, "wikilink", "b", None, "a/b.md", "folder", None),
        (4, "markdown", "../index.md", None, "index.md", "relative", None),
        (4, "reference", "b.md", None, "a/b.md", "folder", None),
        (4, "url", "https://x.org/p", None, None, None, None),
        (5, "embed", "pic.png", None, "pic.png", "root", None),
        (5, "wikilink", "gone", "H", None, None, "no such file"),
        (5, "wikilink", "B", None, "a/b.md", "case", None),
    ]
    assert all(l["source"] == "a/note.md" and l["candidates"] == [] for l in found["links"])


def test_links_json_shows_the_candidates_of_a_tie(tmp_path, capsys):
    vault = write(tmp_path / "v", {"n.md": "[[x]]\n", "p/x.md": "", "q/x.md": ""})
    (link,) = links_json(capsys, vault)["links"]
    assert (link["resolved"], link["how"], link["candidates"]) == ("p/x.md", "suffix", ["p/x.md", "q/x.md"])


def test_links_json_order_is_stable(seed_kb, capsys):
    first = links_json(capsys, seed_kb)
    assert links_json(capsys, seed_kb) == first
    sources = [l["source"] for l in first["links"]]
    assert sources == sorted(sources)


def test_seed_kb_links_as_the_issue_states(seed_kb, capsys):
    links = links_json(capsys, seed_kb)["links"]
    by = {(l["source"], l["target"]): l for l in links}
    assert by[(DAY4, "neurips_2025.md")]["resolved"] == NEURIPS
    # By its name: the note sits in the linking note's own folder, so rule 3.2 finds it first.
    assert by[(DAY4, "neurips_2025.md")]["how"] == "folder"
    image = next(l for l in links if l["source"] == DAY4 and l["target"].startswith("../../../media/img_"))
    assert image["resolved"].startswith("media/img_") and image["how"] == "filename"
    for target in ("../../ai/llm/artificial_hivemind/index.md", "../nlp/transformers/transformer_architecture.md"):
        assert (by[(NEURIPS, target)]["resolved"], by[(NEURIPS, target)]["reason"]) == (None, "no such file")


def test_links_text(tmp_path, capsys):
    vault = write(tmp_path / "v", {"n.md": "[[m]] [[gone]]\n", "m.md": ""})
    assert main(["links", str(vault)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["n.md:1: [wikilink] m -> m.md (root)", "n.md:1: [wikilink] gone -> no such file"]


def test_check_reports_broken_links_and_exits_1(tmp_path, capsys):
    vault = write(tmp_path / "v", {
        "a/n.md": "[[gone]] [[m#Nope]] [[m#Top]] [x](../../out.md) [[Shared]] https://x.org\n",
        "m.md": "# Top\n",
        "p.md": "---\naliases: [Shared]\n---\n",
        "q.md": "---\naliases: [Shared]\n---\n",
    })
    assert main(["check", str(vault)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        "a/n.md:1: gone — no such file",
        "a/n.md:1: m#Nope — heading not found",
        "a/n.md:1: ../../out.md — outside the vault",
        "a/n.md:1: Shared — ambiguous (p.md, q.md)",
    ]
    assert out[4].startswith("4 broken of 5 links to vault files, in 1 note (")
    assert len(out) == 5


def test_check_on_a_clean_vault_exits_0(tmp_path, capsys):
    vault = write(tmp_path / "v", {"n.md": "[[m]] `[[not a link]]` <!-- [[hidden]] --> %% [[hidden]] %%\n", "m.md": ""})
    assert main(["check", str(vault)]) == 0
    assert capsys.readouterr().out.strip() == "All 1 links to vault files resolve (2 notes checked)."


def test_check_missing_vault_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert "no such vault folder" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["check"], ["links"], ["check", "a", "b"], ["links", "--bogus", "x"]])
def test_check_and_links_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("name", ["seed-kb", "foam-docs", "kepano-obsidian", "obsidian-howto-ru", "vanadium23-wiki"])
def test_check_runs_on_every_sample_vault(shared_vaults, capsys, name):
    assert main(["check", str(shared_vaults / name)]) in (0, 1)
    assert " links to vault files" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize("files", [
    {"n.md": "[[m]] [[gone#H]] https://x.org\n", "m.md": "[[n]]"},
    {"n.md": "no links"},
    {"é/n.md": '[[x]] [[m#"quoted" \\ back\tslash]]\n', "m.md": "", "p/x.md": "", "q/x.md": "", "r/x.md": ""},
])
def test_links_json_is_written_as_json_dumps_writes_it(tmp_path, capsys, files):
    vault = write(tmp_path / "v", files)
    assert main(["links", str(vault), "--json"]) == 0
    text = capsys.readouterr().out
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
