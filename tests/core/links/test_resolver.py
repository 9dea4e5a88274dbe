"""Which file a link means: each rule of docs/LINKS.md "Which file a link means", on small file lists,
and on seed-kb exactly as the user wrote it."""

from __future__ import annotations

import pickle
import random
import unicodedata

import pytest

from clew.core.index.build import index_vault
from clew.core.index.source_lines import with_context
from clew.core.links.model import How, Link, LinkKind, Resolution, Unresolved
from clew.core.links.resolver import Resolver
from clew.core.vault.files import Vault


def resolve(files, target, source="a/note.md", **link):
    """Resolve ``target`` (a wikilink unless ``kind`` says otherwise) from ``source``."""
    resolver = Resolver(files)
    return resolver.resolve(Link(link.pop("kind", LinkKind.WIKI), target, **link), source)


# -- 1. explicitly relative ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, expected",
    [
        ("./b.md", "a/b.md"),
        ("./b", "a/b.md"),
        ("../c.md", "c.md"),
        ("../x/d", "x/d.md"),
        ("./sub/../b.md", "a/b.md"),
    ],
)
def test_explicitly_relative(target, expected):
    found = resolve(["a/note.md", "a/b.md", "c.md", "x/d.md"], target)
    assert (found.path, found.how) == (expected, How.RELATIVE)


def test_explicitly_relative_has_no_fallback():
    # "b.md" exists at the root and elsewhere, but "./b.md" means the note's own folder only.
    found = resolve(["a/note.md", "b.md", "x/b.md"], "./b.md")
    assert found.path is None
    assert found.reason is Unresolved.NO_SUCH_FILE


# -- 2. root-absolute ----------------------------------------------------------------------------


def test_root_absolute():
    found = resolve(["a/note.md", "images/pic.png", "a/images/pic.png"], "/images/pic.png", kind=LinkKind.IMAGE)
    assert (found.path, found.how) == ("images/pic.png", How.ROOT)


def test_root_absolute_has_no_name_fallback():
    found = resolve(["a/note.md", "a/images/pic.png"], "/images/pic.png", kind=LinkKind.IMAGE)
    assert found.path is None


# -- 3. root path, note-folder path, suffix ------------------------------------------------------


def test_path_from_the_vault_root():
    files = ["ai/research_advances/day4.md", "ai/research_advances/meta_ai_layoffs.md"]
    found = resolve(files, "ai/research_advances/meta_ai_layoffs.md", source="ai/research_advances/day4.md")
    assert (found.path, found.how) == ("ai/research_advances/meta_ai_layoffs.md", How.ROOT)


def test_root_path_wins_over_note_folder_path():
    found = resolve(["a/note.md", "b.md", "a/b.md"], "b.md", kind=LinkKind.MARKDOWN)
    assert (found.path, found.how) == ("b.md", How.ROOT)


def test_path_from_the_note_folder():
    files = ["a/note.md", "a/sub/c.md", "z/sub/c.md"]
    found = resolve(files, "sub/c.md", kind=LinkKind.MARKDOWN)
    assert (found.path, found.how) == ("a/sub/c.md", How.NOTE_FOLDER)


@pytest.mark.parametrize("target", ["perception_encoder", "perception_encoder.md"])
def test_bare_name_anywhere_in_the_vault(target):
    files = ["a/note.md", "ai/cv/models/perception_encoder.md"]
    found = resolve(files, target)
    assert (found.path, found.how) == ("ai/cv/models/perception_encoder.md", How.NAME)


def test_partial_path_suffix():
    found = resolve(["a/note.md", "docs/App/vault.md"], "App/vault", kind=LinkKind.MARKDOWN)
    assert (found.path, found.how) == ("docs/App/vault.md", How.SUFFIX)


def test_partial_path_matches_whole_folder_names_only():
    assert resolve(["a/note.md", "docs/App/vault.md"], "pp/vault").path is None


# -- 4. extensions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files, expected",
    [
        (["n.md", "n.markdown", "n.txt"], "n.md"),
        (["n.markdown", "n.txt"], "n.markdown"),
        (["n.txt"], "n.txt"),
    ],
)
def test_a_target_without_extension_is_looked_up_as_a_note(files, expected):
    assert resolve(["a/note.md", *files], "n").path == expected


def test_a_target_with_an_extension_is_taken_as_written():
    files = ["a/note.md", "n.md", "n.txt", "pic.png", "pic.png.md"]
    assert resolve(files, "n.txt").path == "n.txt"
    assert resolve(files, "pic.png", kind=LinkKind.EMBED).path == "pic.png"
    assert resolve(["a/note.md", "n.md"], "n.txt").path is None


@pytest.mark.parametrize(
    "target, files, expected",
    [
        ("2021.07.17", ["2021.07.17.md"], "2021.07.17.md"),
        ("2021.07.17", ["2021.07.17", "2021.07.17.md"], "2021.07.17"),
        ("Obsidian Publish.", ["Obsidian Publish..md"], "Obsidian Publish..md"),
        ("v1.2 notes", ["v1.2 notes.md"], "v1.2 notes.md"),
    ],
)
def test_dotted_names_are_tried_as_written_then_as_a_note(target, files, expected):
    assert resolve(["a/note.md", *files], target).path == expected


# -- 5. case -------------------------------------------------------------------------------------


def test_case_exact_match_wins():
    found = resolve(["a/note.md", "x/readme.md", "y/README.md"], "README")
    assert (found.path, found.case_insensitive) == ("y/README.md", False)


def test_case_insensitive_match_when_no_exact_one():
    found = resolve(["a/note.md", "x/ReadMe.md"], "README")
    assert (found.path, found.how, found.case_insensitive) == ("x/ReadMe.md", How.NAME, True)


def test_case_insensitive_root_path():
    found = resolve(["a/note.md", "Docs/Guide.md"], "docs/guide")
    assert (found.path, found.how, found.case_insensitive) == ("Docs/Guide.md", How.ROOT, True)


# -- 6. ties -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, files, expected",
    [
        # a file in the linking note's own folder
        ("sub/n", ["a/sub/n.md", "z/sub/n.md", "b/c/sub/n.md"], "z/sub/n.md"),
        # then the shortest vault path
        ("n", ["z/deep/er/n.md", "bb/n.md", "c/n.md"], "c/n.md"),
        # then alphabetical order
        ("n", ["y/n.md", "x/n.md", "w/n.md"], "w/n.md"),
    ],
)
def test_ties(target, files, expected):
    for seed in range(6):
        shuffled = ["z/sub/note.md", *files]
        random.Random(seed).shuffle(shuffled)
        found = resolve(shuffled, target, source="z/sub/note.md")
        assert found.path == expected, shuffled
        assert set(found.candidates) == set(files)
        assert found.candidates[0] == expected
        assert "also matched" in found.describe()


def test_candidates_are_not_recorded_without_a_tie():
    assert resolve(["a/note.md", "x/n.md"], "n").candidates == ()


# -- 7. aliases ----------------------------------------------------------------------------------


def test_alias_with_exactly_one_owner():
    resolver = Resolver(["a/note.md", "people/Steph Ango.md"])
    resolver.set_aliases("people/Steph Ango.md", ["Steph", "kepano"])
    found = resolver.resolve(Link(LinkKind.WIKI, "kepano"), "a/note.md")
    assert (found.path, found.how) == ("people/Steph Ango.md", How.ALIAS)
    assert resolver.resolve(Link(LinkKind.WIKI, "STEPH"), "a/note.md").path == "people/Steph Ango.md"


def test_alias_with_two_owners_is_unresolved():
    resolver = Resolver(["a/note.md", "x.md", "y.md"])
    resolver.set_aliases("x.md", ["Shared"])
    resolver.set_aliases("y.md", ["Shared"])
    assert resolver.resolve(Link(LinkKind.WIKI, "Shared"), "a/note.md").path is None


def test_a_file_name_wins_over_an_alias():
    resolver = Resolver(["a/note.md", "x.md", "Topic.md"])
    resolver.set_aliases("x.md", ["Topic"])
    assert resolver.resolve(Link(LinkKind.WIKI, "Topic"), "a/note.md").path == "Topic.md"


def test_alias_removed_with_its_note():
    resolver = Resolver(["a/note.md", "x.md"])
    resolver.set_aliases("x.md", ["Nick"])
    resolver.remove("x.md")
    assert resolver.resolve(Link(LinkKind.WIKI, "Nick"), "a/note.md").path is None


# -- normalisation -------------------------------------------------------------------------------


def test_nfd_target_matches_nfc_file_name():
    name = "заметки/Café déjà vu.md"
    nfd_target = unicodedata.normalize("NFD", "Café déjà vu")
    assert nfd_target != "Café déjà vu"
    assert resolve(["a/note.md", unicodedata.normalize("NFC", name)], nfd_target).path == name


def test_windows_backslashes():
    found = resolve(["a/note.md", "a/sub/b.md", "img/p.png"], "sub\\b.md", kind=LinkKind.MARKDOWN)
    assert found.path == "a/sub/b.md"
    assert resolve(["a/note.md", "img/p.png"], "..\\img\\p.png", kind=LinkKind.IMAGE).path == "img/p.png"


def test_target_is_trimmed():
    assert resolve(["a/note.md", "b.md"], "  b  ").path == "b.md"


@pytest.mark.parametrize("target", ["", "   "])
def test_empty_target(target):
    found = resolve(["a/note.md"], target)
    assert (found.path, found.reason) == (None, Unresolved.EMPTY)


@pytest.mark.parametrize("kind", [LinkKind.WIKI, LinkKind.MARKDOWN])
def test_a_fragment_alone_means_the_note_itself(kind):
    found = resolve(["a/note.md"], "", fragment="Heading", kind=kind)
    assert (found.path, found.how) == ("a/note.md", How.SAME_NOTE)


# -- 8. the vault is a boundary ------------------------------------------------------------------


def test_climbing_out_of_the_vault_is_outside():
    found = resolve(["a/note.md", "b.md"], "../../b.md")
    assert (found.path, found.reason) == (None, Unresolved.OUTSIDE_VAULT)


def test_image_that_climbed_out_is_found_by_its_file_name():
    found = resolve(["a/b/note.md", "media/img_1.jpg"], "../../../media/img_1.jpg", "a/b/note.md", kind=LinkKind.IMAGE)
    assert (found.path, found.how) == ("media/img_1.jpg", How.FILE_NAME_FALLBACK)


def test_image_that_climbed_out_with_two_same_name_files_is_unresolved():
    files = ["a/b/note.md", "media/img_1.jpg", "old/img_1.jpg"]
    found = resolve(files, "../../../media/img_1.jpg", "a/b/note.md", kind=LinkKind.IMAGE)
    assert (found.path, found.reason) == (None, Unresolved.OUTSIDE_VAULT)


def test_a_note_that_climbed_out_is_not_looked_up_by_name():
    found = resolve(["a/note.md", "x/b.md"], "../../x/b.md")
    assert (found.path, found.reason) == (None, Unresolved.OUTSIDE_VAULT)


# -- updates -------------------------------------------------------------------------------------


def test_add_and_remove_change_the_answer():
    resolver = Resolver(["a/note.md"])
    link = Link(LinkKind.WIKI, "later")
    assert resolver.resolve(link, "a/note.md").path is None
    resolver.add("z/later.md")
    assert resolver.resolve(link, "a/note.md").path == "z/later.md"
    resolver.add("a/later.md")
    assert resolver.resolve(link, "a/note.md").path == "a/later.md"
    resolver.remove("a/later.md")
    resolver.remove("z/later.md")
    assert resolver.resolve(link, "a/note.md").path is None


def test_a_bare_name_no_file_has_is_answered_anew_once_an_alias_or_a_file_names_it():
    # Such a name's answer is remembered for every folder at once: it must go with the change.
    resolver = Resolver(["a/note.md", "b/other.md", "x.md"])
    link = Link(LinkKind.WIKI, "Nick")
    assert [resolver.resolve(link, source).reason for source in ("a/note.md", "b/other.md")] == [
        Unresolved.NO_SUCH_FILE, Unresolved.NO_SUCH_FILE]
    resolver.set_aliases("x.md", ["nick"])
    assert [resolver.resolve(link, source).how for source in ("a/note.md", "b/other.md")] == [How.ALIAS, How.ALIAS]
    resolver.add("b/Nick.md")
    assert [(found.path, found.how) for found in (resolver.resolve(link, s) for s in ("a/note.md", "b/other.md"))] == [
        ("b/Nick.md", How.NAME), ("b/Nick.md", How.NOTE_FOLDER)]


def test_a_bare_name_one_file_has_is_answered_as_a_fresh_resolver_answers_from_each_folder():
    # Its answers are remembered by folder: the file's, one differing in case, any other.
    files = ["a/note.md", "A/other.md", "z/x.md", "a/One.md"]
    sources = ("a/note.md", "z/x.md", "A/other.md", "a/note.md", "x.md")
    resolver = Resolver(files)
    link = Link(LinkKind.WIKI, "One")
    assert [resolver.resolve(link, s) for s in sources] == [Resolver(files).resolve(link, s) for s in sources]
    assert [resolver.resolve(link, s).how for s in sources[:2]] == [How.NOTE_FOLDER, How.NAME]


def test_a_bare_name_no_file_has_from_a_folder_beside_an_unreadable_one():
    resolver = Resolver(["a/note.md", "b/note.md"])
    resolver.set_unreadable_folders(["a/private"])
    link = Link(LinkKind.WIKI, "private/secret")
    assert resolver.resolve(link, "a/note.md").reason is Unresolved.PERMISSION_DENIED
    assert resolver.resolve(link, "b/note.md").reason is Unresolved.NO_SUCH_FILE
    bare = Link(LinkKind.WIKI, "secret")
    assert [resolver.resolve(bare, s).reason for s in ("a/private/x.md", "b/note.md")] == [
        Unresolved.PERMISSION_DENIED, Unresolved.NO_SUCH_FILE]


def test_a_relative_path_that_is_a_file_is_that_file_only_in_its_exact_case():
    resolver = Resolver(["a/note.md", "b/Page.md", "b/page"])
    assert (resolver.resolve(Link(LinkKind.MARKDOWN, "../b/Page.md"), "a/note.md").path,
            resolver.resolve(Link(LinkKind.MARKDOWN, "../b/page.md"), "a/note.md").how_code,
            resolver.resolve(Link(LinkKind.MARKDOWN, "../b/page"), "a/note.md").path) == ("b/Page.md", "case", "b/Page.md")


# -- seed-kb, exactly as the user wrote it -------------------------------------------------------

DAY4 = "ai/research_advances/neurips_2025_day4.md"
NEURIPS = "ai/research_advances/neurips_2025.md"


@pytest.fixture(scope="module")
def seed_index(shared_vaults):
    return index_vault(Vault(shared_vaults / "seed-kb"))[1]


def _link(index, source, target):
    found = [r for r in index.outgoing(source) if r.link.target == target]
    assert found, f"no link to {target!r} in {source}"
    return found[0]


def test_seed_bare_name_with_extension(seed_index):
    resolved = _link(seed_index, DAY4, "neurips_2025.md").resolution
    assert resolved.path == NEURIPS
    assert resolved.how in (How.NOTE_FOLDER, How.NAME)


def test_seed_image_climbing_out_found_by_file_name(seed_index):
    target = "../../../media/img_1765199234_aqad9xjrgwzjkul_the_mission_mbeddings_are_not.jpg"
    resolved = _link(seed_index, DAY4, target).resolution
    assert (resolved.path, resolved.how) == (
        "media/img_1765199234_aqad9xjrgwzjkul_the_mission_mbeddings_are_not.jpg",
        How.FILE_NAME_FALLBACK,
    )


def test_seed_root_path_to_a_missing_note(seed_index):
    resolved = _link(seed_index, DAY4, "ai/research_advances/meta_ai_layoffs.md").resolution
    assert (resolved.path, resolved.reason) == (None, Unresolved.NO_SUCH_FILE)


def test_seed_relative_link_to_a_missing_note(seed_index):
    link = _link(seed_index, NEURIPS, "../../ai/llm/artificial_hivemind/index.md")
    assert link.link.text
    assert (link.resolution.path, link.resolution.reason) == (None, Unresolved.NO_SUCH_FILE)


def test_seed_image_outside_the_vault_without_a_same_name_file(seed_index):
    target = "../../../media/img_1764342436_aqad1atrg5qtqel_image_image.jpg"
    resolved = _link(seed_index, NEURIPS, target).resolution
    assert (resolved.path, resolved.reason) == (None, Unresolved.OUTSIDE_VAULT)


def test_seed_backlinks_of_neurips_2025(seed_index, seed_kb):
    lines = (seed_kb / DAY4).read_text(encoding="utf-8").splitlines()
    expected_line = next(i for i, line in enumerate(lines, 1) if "[[neurips_2025.md]]" in line)
    backlinks = with_context(Vault(seed_kb), [b for b in seed_index.backlinks(NEURIPS) if b.source == DAY4])
    assert [(b.link.line, b.context) for b in backlinks] == [(expected_line, lines[expected_line - 1])]
    assert expected_line == 44
    assert backlinks[0].context.startswith("- [[neurips_2025.md]] - ")


def test_a_path_already_case_folded_is_its_own_key():
    # casefold() copies even a string it leaves as it is: at 100k paths, ~15 MB of copies.
    paths = ["заметки/через 1.md", "笔记/收敛的.md", "Notes/Big.md"]
    resolver = Resolver(paths)
    assert all(key is path for key, path in zip(resolver._folded, paths[:2]))
    assert resolver.resolve(Link(LinkKind.WIKI, "notes/big"), "x.md").path == "Notes/Big.md"


def test_files_added_all_at_once_are_found_as_when_added_one_at_a_time():
    # A warm start adds every path in one add_all, a column at a time.
    paths = ["a/Straße.md", "b/STRASSE.md", "c/strasse.md", "Σίσυφος/ΟΔΟΣ.md", "x/index.md", "y/index.md",
             "y/Index.MD", "img/pic.png", "заметки/Через.md", "笔记/收敛.md", "x/index.md"]
    paths += [f"f{number % 40}/n{number % 300}.md" for number in range(3_000)]
    at_once, one_by_one = Resolver(), Resolver()
    at_once.add_all(paths)
    for path in paths:
        one_by_one.add(path)

    def tables(resolver):
        return [{key: set(table.get(key)) for key in table} for table in (resolver._folded, resolver._by_name)]

    assert tables(at_once) == tables(one_by_one) and at_once._paths == one_by_one._paths
    for target in ("strasse", "ΟΔΟΣ", "οδοσ", "index", "pic.png", "через", "收敛", "n7", "f3/n43"):
        link = Link(LinkKind.WIKI, target)
        assert at_once.resolve(link, "x/index.md") == one_by_one.resolve(link, "x/index.md")


# -- a resolution sent to another process ------------------------------------------------------


@pytest.mark.parametrize("resolution", [
    Resolution("a/b.md"),
    Resolution("a/b.md", How.NAME, case_insensitive=True, candidates=("a/b.md", "c/b.md"),
               reason=Unresolved.HEADING_NOT_FOUND),
    Resolution(None, reason=Unresolved.OUTSIDE_VAULT),
])
def test_a_resolution_pickles_as_itself(resolution):
    """A render request carries the note's resolutions to the render child (``__reduce__``)."""
    copy = pickle.loads(pickle.dumps(resolution))
    assert copy == resolution and type(copy) is Resolution and copy.reason is resolution.reason
