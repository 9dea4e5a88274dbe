"""Parsing a note's text: every link form of docs/LINKS.md "What is a link", what is not a link, and
the note's title, headings, tags, aliases and block ids."""

from __future__ import annotations

import pytest

from clew.core.links.model import Link, LinkKind, split_destination, split_wikilink
from clew.core.notes.parsing import Heading, parse_note


def links_of(text: str, path: str = "note.md") -> list[Link]:
    return list(parse_note(text, path).links)


def line_of(text: str, link: Link) -> str:
    """The line ``link`` says it is on, as the backlinks panel shows it (clew.core.index.source_lines)."""
    return text.split("\n")[link.line - 1].rstrip("\r")


def only_link(text: str, path: str = "note.md") -> Link:
    links = links_of(text, path)
    assert len(links) == 1, links
    return links[0]


# -- wikilinks and embeds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, target, fragment, shown",
    [
        ("[[target]]", LinkKind.WIKI, "target", "", ""),
        ("[[target|shown text]]", LinkKind.WIKI, "target", "", "shown text"),
        ("[[target#Heading]]", LinkKind.WIKI, "target", "Heading", ""),
        ("[[target#H1#H2]]", LinkKind.WIKI, "target", "H1#H2", ""),
        ("[[target#^block-id]]", LinkKind.WIKI, "target", "^block-id", ""),
        ("[[#Heading]]", LinkKind.WIKI, "", "Heading", ""),
        ("[[a/b.md#Part|the part]]", LinkKind.WIKI, "a/b.md", "Part", "the part"),
        ("![[note]]", LinkKind.EMBED, "note", "", ""),
        ("![[image.png]]", LinkKind.EMBED, "image.png", "", ""),
        ("![[image.png|300]]", LinkKind.EMBED, "image.png", "", "300"),
        ("![[file.pdf#page=2]]", LinkKind.EMBED, "file.pdf", "page=2", ""),
    ],
)
def test_wikilink_forms(text, kind, target, fragment, shown):
    link = only_link(f"Before {text} after.")
    assert (link.kind, link.target, link.fragment, link.text) == (kind, target, fragment, shown)


def test_embed_with_fragment_caption_and_size_keeps_the_file_name():
    link = only_link("![[image.png#center|caption|100]]")
    assert (link.kind, link.target, link.fragment) == (LinkKind.EMBED, "image.png", "center")
    assert link.text.startswith("caption")


def test_escaped_pipe_inside_a_table_row_splits_target_and_text():
    text = "| note | what |\n|---|---|\n| [[target\\|shown]] | x |\n"
    link = only_link(text)
    assert (link.target, link.text, link.line) == ("target", "shown", 3)
    assert line_of(text, link) == "| [[target\\|shown]] | x |"


def test_inline_code_inside_shown_text_stays_part_of_the_link():
    link = only_link("See [[target|the `run()` call]] here.")
    assert (link.target, link.text) == ("target", "the `run()` call")


def test_split_wikilink():
    assert split_wikilink("a/b#H1#H2|text") == ("a/b", "H1#H2", "text")
    assert split_wikilink("a\\|b") == ("a", "", "b")
    assert split_wikilink(" spaced # Part | shown ") == ("spaced", "Part", "shown")


# -- Markdown links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, target, fragment, shown",
    [
        ("[text](dest.md)", LinkKind.MARKDOWN, "dest.md", "", "text"),
        ("[text](My%20Note.md)", LinkKind.MARKDOWN, "My Note.md", "", "text"),
        ("[text](<dest with spaces.md>)", LinkKind.MARKDOWN, "dest with spaces.md", "", "text"),
        ('[text](dest.md "a title")', LinkKind.MARKDOWN, "dest.md", "", "text"),
        ("[text](dest.md 'a title')", LinkKind.MARKDOWN, "dest.md", "", "text"),
        ("[text]((constructor).md)", LinkKind.MARKDOWN, "(constructor).md", "", "text"),
        ("[text](Array_(constructor).md)", LinkKind.MARKDOWN, "Array_(constructor).md", "", "text"),
        ("[text](dest.md#Some%20Part)", LinkKind.MARKDOWN, "dest.md", "Some Part", "text"),
        ("[text](#local-slug)", LinkKind.MARKDOWN, "", "local-slug", "text"),
        ("![alt](img/pic.png)", LinkKind.IMAGE, "img/pic.png", "", "alt"),
        ("![](/images/Pasted%20image%201.png)", LinkKind.IMAGE, "/images/Pasted image 1.png", "", ""),
    ],
)
def test_markdown_link_forms(text, kind, target, fragment, shown):
    link = only_link(f"Before {text} after.")
    assert (link.kind, link.target, link.fragment, link.text) == (kind, target, fragment, shown)


def test_image_inside_a_link_is_a_link_of_its_own():
    links = links_of("[![badge](img/badge.svg)](https://example.com/ci)")
    assert {(l.kind, l.target) for l in links} == {
        (LinkKind.MARKDOWN, "https://example.com/ci"),
        (LinkKind.IMAGE, "img/badge.svg"),
    }


def test_external_markdown_link_is_kept_whole():
    link = only_link("[docs](https://example.com/a%20b#frag)")
    assert link.target == "https://example.com/a%20b#frag"
    assert link.is_external


@pytest.mark.parametrize(
    "dest, expected",
    [
        ("My%20Note.md", ("My Note.md", "")),
        ("<My Note.md>", ("My Note.md", "")),
        ("My%20Note.md#Part%20Two", ("My Note.md", "Part Two")),
        ("<a b.md#c d>", ("a b.md", "c d")),
        ("%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B0.md", ("заметка.md", "")),
        ("#only-fragment", ("", "only-fragment")),
        ("https://x.org/a%20b#frag", ("https://x.org/a%20b#frag", "")),
        ("  spaced.md  ", ("spaced.md", "")),
    ],
)
def test_split_destination(dest, expected):
    assert split_destination(dest) == expected


# -- reference links -----------------------------------------------------------------------------


def test_reference_link_takes_its_target_from_the_definition():
    text = "Read [the guide][guide] first.\n\n[guide]: ../a/b.md\n"
    link = only_link(text)
    assert (link.kind, link.target, link.text, link.line) == (LinkKind.REFERENCE, "../a/b.md", "the guide", 1)


def test_collapsed_and_shortcut_reference_links():
    text = "See [Guide][] and [guide] too.\n\n[guide]: b.md 'Title'\n"
    links = links_of(text)
    assert [(l.kind, l.target, l.line) for l in links] == [(LinkKind.REFERENCE, "b.md", 1)] * 2


def test_reference_labels_are_case_insensitive():
    link = only_link("[x][My Ref]\n\n[my ref]: <c d.md>\n")
    assert link.target == "c d.md"


def test_footnote_definition_is_not_a_link_definition():
    text = "A claim.[^1]\n\n[^1]: see the notes\n"
    assert links_of(text) == []


def test_foam_link_reference_definitions_do_not_double_the_wikilinks():
    # Foam writes a definition for each wikilink so plain Markdown renders it as a link.
    text = (
        "Use [[wikilinks]] and [[list|foam list]] and [[templates#Metadata]] and [[daily|CLI daily]].\n\n"
        "[wikilinks]: features/wikilinks.md 'Wikilinks'\n"
        "[list|foam list]: cli/list.md 'foam list'\n"
        '[templates#Metadata]: templates.md#Metadata "Note Templates"\n'
        "[daily]: ../tools/cli/daily.md 'foam daily'\n"
    )
    links = links_of(text)
    assert [(l.kind, l.target) for l in links] == [
        (LinkKind.WIKI, "wikilinks"), (LinkKind.WIKI, "list"), (LinkKind.WIKI, "templates"),
        (LinkKind.WIKI, "daily"),
    ]


# -- front matter --------------------------------------------------------------------------------


def test_front_matter_links_are_properties():
    text = '---\nup: "[[../mine/index]]"\ncategories: ["[[Books]]"]\ntitle: A book\n---\nBody.\n'
    links = links_of(text)
    assert [(l.kind, l.target, l.line) for l in links] == [
        (LinkKind.FRONTMATTER, "../mine/index", 2),
        (LinkKind.FRONTMATTER, "Books", 3),
    ]
    assert line_of(text, links[1]) == 'categories: ["[[Books]]"]'


def test_front_matter_block_list_of_links():
    text = '---\ncategories:\n  - "[[Companies]]"\n  - "[[Apps]]"\n---\n[[Body link]]\n'
    links = links_of(text)
    assert [(l.kind, l.target, l.line) for l in links] == [
        (LinkKind.FRONTMATTER, "Companies", 3),
        (LinkKind.FRONTMATTER, "Apps", 4),
        (LinkKind.WIKI, "Body link", 6),
    ]


# -- bare URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["note.md", "channel.txt"])
def test_bare_url_is_an_external_link_in_md_and_txt(path):
    link = only_link("Read https://www.alphaxiv.org/ru/overview/2505.22785.\n", path)
    assert (link.kind, link.target) == (LinkKind.URL, "https://www.alphaxiv.org/ru/overview/2505.22785")
    assert link.is_external


def test_bare_url_keeps_balanced_parentheses_and_drops_a_closing_one():
    links = links_of("(see https://en.wikipedia.org/wiki/Foo_(bar)) and https://x.org/a.\n")
    assert [l.target for l in links] == ["https://en.wikipedia.org/wiki/Foo_(bar)", "https://x.org/a"]


def test_www_url_is_external():
    link = only_link("Go to www.example.com/page today.")
    assert link.kind is LinkKind.URL
    assert link.text == "www.example.com/page"
    assert link.is_external


@pytest.mark.parametrize("written", ["WWW.example.com", "wWw.example.com", "Заметка: Www.example.com"])
def test_www_url_in_any_letter_case_is_found(written):
    link = only_link(f"Go to {written} today.")
    assert (link.kind, link.text) == (LinkKind.URL, written.split()[-1])


def test_txt_file_has_no_markdown_links():
    links = links_of("[text](a.md) and [[wiki]] and https://x.org\n", "dump.txt")
    assert [(l.kind, l.target) for l in links] == [(LinkKind.WIKI, "wiki"), (LinkKind.URL, "https://x.org")]


# -- what is not a link --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Write `[[not a link]]` to link.",
        "Write ``[[a]] and `b` `` to link.",
        "Write `[x](y.md)` for a Markdown link.",
        "```\n[[fenced]]\n[x](y.md)\n```\n",
        "```markdown\n[[fenced with info]]\n```\n",
        "~~~\n[[tilde fenced]]\n~~~\n",
        "````\n```\n[[nested fence]]\n```\n````\n",
        "- item\n\n    ```\n    [[fence in a nested list item]]\n    ```\n",
        "```\n[[unclosed fence runs to the end]]\n",
        "<!-- [[in a comment]] -->",
        "<!--\n[[multi-line]]\n[x](y.md)\n-->\n",
        "%% [[obsidian comment]] %%",
        "%%\n[[multi-line obsidian comment]]\n%%\n",
        "<!-- https://x.org/in-comment -->",
    ],
)
def test_not_links(text):
    assert links_of(text) == []


def test_backticks_with_backticks_in_the_info_string_are_inline_code_not_a_fence():
    text = "```Set-ExecutionPolicy Bypass```\n\n[[after]]\n"
    assert [l.target for l in links_of(text)] == ["after"]


@pytest.mark.parametrize(
    "text",
    [
        "Wrap text in `%%` to hide it.\n\n[[after]]\n",
        "Start a comment with `<!--`.\n\n[[after]]\n",
        "A fence starts with `` ``` ``.\n\n[[after]]\n",
        "<!-- a `tick --> [[after]] `tock`\n",
        "%% a ` b %% [[after]] `c`\n",
    ],
)
def test_comment_and_code_markers_inside_each_other_do_not_hide_later_links(text):
    assert [l.target for l in links_of(text)] == ["after"]


def test_link_after_a_code_block_keeps_its_line():
    text = "intro\n```\n[[code]]\n```\n<!--\nx\n-->\nafter [[real]] `[[no]]` %% [[no]] %%\n"
    link = only_link(text)
    assert (link.target, link.line) == ("real", 8)
    assert line_of(text, link) == "after [[real]] `[[no]]` %% [[no]] %%"


def test_line_numbers_and_context_lines():
    text = "---\ntitle: T\n---\n# T\n\nfirst [[a]]\r\nsecond [b](b.md) and ![[c.png]]\n"
    links = links_of(text)
    assert [(l.target, l.line, line_of(text, l)) for l in links] == [
        ("a", 6, "first [[a]]"),
        ("b.md", 7, "second [b](b.md) and ![[c.png]]"),
        ("c.png", 7, "second [b](b.md) and ![[c.png]]"),
    ]


# -- title, headings, tags, aliases, block ids ---------------------------------------------------


def test_title_from_front_matter():
    assert parse_note("---\ntitle: From Meta\n---\n# Heading\n", "a/b.md").title == "From Meta"


def test_title_from_first_h1():
    assert parse_note("Intro\n\n## Two\n\n# First One\n\n# Second\n", "a/b.md").title == "First One"


def test_title_from_setext_h1():
    assert parse_note("Setext Title\n============\n\ntext\n", "a/b.md").title == "Setext Title"


def test_title_from_file_stem():
    assert parse_note("## Only an H2\n", "a/My Note.md").title == "My Note"


def test_headings_atx_and_setext_with_levels_and_lines():
    text = (
        "---\ntitle: x\n---\n"
        "# One\n"
        "## Two ##\n"
        "Setext H1\n=========\n"
        "Setext H2\n---\n"
        "```\n# not a heading\n```\n"
        "#not-a-heading\n"
        "###### Six\n"
    )
    assert parse_note(text, "n.md").headings == (
        Heading(1, "One", 4),
        Heading(2, "Two", 5),
        Heading(1, "Setext H1", 6),
        Heading(2, "Setext H2", 8),
        Heading(6, "Six", 14),
    )


def test_list_item_and_table_before_dashes_are_not_setext_headings():
    text = "- item\n---\n\n| a | b |\n|---|---|\n"
    assert parse_note(text, "n.md").headings == ()


def test_tags_from_text_and_front_matter():
    text = (
        "---\ntags: [alpha, '#beta']\n---\n"
        "A #tag and #nested/tag, #123 alone, and a #2024-plan.\n"
        "A link https://x.org/page#fragment and [x](#anchor) and [y](n.md#part) and `#code`.\n"
        "Entity &#123; and [[Note#Heading]].\n"
    )
    assert parse_note(text, "n.md").tags == ("alpha", "beta", "tag", "nested/tag", "2024-plan")


def test_no_tag_when_escaped_or_inside_an_html_tag():
    text = '\\#escaped <a href="#top" title="#x">#real</a>\n<img\n  alt="#multi">\n'
    assert parse_note(text, "n.md").tags == ("real",)


def test_tags_as_string_in_front_matter():
    assert parse_note("---\ntags: one, two\n---\n", "n.md").tags == ("one", "two")


@pytest.mark.parametrize(
    "front, aliases",
    [
        ("aliases: [One, Two words]", ("One", "Two words")),
        ("aliases:\n  - One\n  - Two", ("One", "Two")),
        ("aliases: Single", ("Single",)),
        ("alias: Old Style", ("Old Style",)),
    ],
)
def test_aliases(front, aliases):
    assert parse_note(f"---\n{front}\n---\nBody\n", "n.md").aliases == aliases


def test_block_ids():
    text = "A paragraph. ^para-1\n\n- item ^item2\n\n| t |\n|---|\n\n^table-id\n\n`code ^no`\n"
    assert parse_note(text, "n.md").block_ids == ("para-1", "item2", "table-id")


def test_broken_front_matter_is_ignored():
    facts = parse_note("---\ntitle: [unclosed\n---\n# Real\n[[link]]\n", "n.md")
    assert facts.title == "Real"
    assert [l.target for l in facts.links] == ["link"]


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-45", "2020-01-01 25:00:00", "2020-01-01T10:61:00"])
def test_a_date_the_calendar_lacks_is_text_and_the_front_matter_still_counts(value):
    facts = parse_note(f"---\ndate: {value}\ntitle: {value}\ntags: [a]\n---\n# Real\n", "n.md")
    assert facts.tags == ("a",)
    assert facts.title == value


@pytest.mark.parametrize("value", ["!!int x", "!!float x", "!!bool x", "!!timestamp x"])
def test_front_matter_with_a_value_yaml_cannot_construct_is_ignored(value):
    facts = parse_note(f"---\nn: {value}\ntags: [a]\naliases: [b]\n---\n# Real\n[[link]]\n", "n.md")
    assert (facts.title, facts.aliases, [l.target for l in facts.links]) == ("Real", (), ["link"])


def test_deeply_nested_front_matter_is_ignored():
    # A tab sends it to PyYAML's own loader, which recurses once a level.
    nested = "[" * 3000 + "]" * 3000
    facts = parse_note(f"---\nx:\t1\na: {nested}\n---\n# Real\n", "n.md")
    assert facts.title == "Real"


def test_bare_url_right_after_chinese_text_stops_at_chinese_punctuation():
    facts = parse_note("论文见https://example.org/paper。下一句\n", "n.md")
    assert [l.target for l in facts.links if l.kind is LinkKind.URL] == ["https://example.org/paper"]
