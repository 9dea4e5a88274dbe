"""Mojibake repair on small mangled samples, and no false alarms on clean notes."""

from __future__ import annotations

import difflib

import pytest

from clew.core.text.mojibake import detect, lost_bytes, mangle, repair
from clew.core.text.reading import read_note

SAMPLES = {
    "chinese": "大规模预训练的模型在自然语言和计算机视觉领域取得了突破，并催生了提示学习技术的热潮。",
    "russian": "Съешь же ещё этих мягких французских булок, да выпей чаю. Это всё, что нужно знать.",
    "japanese": "日本語のテキストです。文字化けを修復できるかどうか、確かめてみましょう。",
    # wordfreq cuts Korean into words with MeCab, which is not installed: the repair raised
    # ModuleNotFoundError, failing the page and the repair child's whole run.
    "korean": "한국어로 쓴 메모입니다. 오늘은 날씨가 좋아서 공원에서 책을 읽었습니다. 내일 회의 자료를 정리해야 합니다.",
    "emoji": "Release notes 🎉 done ✅ careful ⚠️ hot 🔥 pinned 📌",
}
SEED_MOJIBAKE = "papers/deep_learning_trends_2022-2024 (mis-encoded copy).md"


def round_trip(clean: str) -> str | None:
    """``clean`` mangled as the seed note is, then repaired: its text, None if not seen as mojibake."""
    fixed = repair(mangle(clean))
    return fixed.text if fixed is not None else None


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_lost_bytes_of_windows_1254_are_its_undefined_bytes_and_the_soft_hyphen():
    assert lost_bytes("cp1254") == (0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_mangled_sample_is_repaired(name):
    clean = SAMPLES[name]
    mangled = mangle(clean)
    assert mangled != clean
    fixed = repair(mangled)
    assert fixed is not None and "Windows-1254" in fixed.code_page
    assert ratio(fixed.text, clean) >= 0.9, fixed.text
    assert fixed.restored > 0
    assert "Windows-1254" in fixed.describe() and "characters restored" in fixed.describe()


def test_a_short_note_whose_emoji_mostly_lost_a_byte_is_still_detected():
    # 👍 (F0 9F 91 8D) loses 0x8D in Windows-1254; 🤔 and 🔥 come through whole.
    mangled = mangle("👍1 🤔1\n🔥 Unpacking Softmax\n👍1\n👍4")
    fixed = repair(mangled)
    assert fixed is not None and "Windows-1254" in fixed.code_page and fixed.rebuilt == 3
    assert "🤔" in fixed.text and "🔥" in fixed.text and "ğŸ" not in fixed.text


def test_complete_sequences_are_exact_and_only_short_ones_are_guessed():
    fixed = repair(mangle("课程 模式识别 多模态"))
    assert fixed is not None
    assert fixed.text == "课程 模式识别 多模态"
    assert fixed.rebuilt < fixed.restored


def test_seed_note_is_repaired_to_98_percent(seed_kb):
    mangled = read_note(seed_kb / SEED_MOJIBAKE).text
    clean = read_note(seed_kb / "papers/deep_learning_trends_2022-2024.md").text
    fixed = repair(mangled)
    assert fixed is not None and fixed.code_page == "Windows-1254"
    # The mis-encoded copy runs on past the end of the clean one; compare what both hold.
    lines = fixed.text.split("\n")[: clean.count("\n") + 1]
    assert ratio("\n".join(lines), clean) >= 0.98


@pytest.mark.parametrize("text", [
    "Plain English with “curly quotes” — and an em dash.",
    "Crème brûlée, déjà vu, naïve façade, Ærøskøbing.",
    "Ğüzel İstanbul şehri; ıslak çorap.",
    "Обычный русский текст без ошибок.",
])
def test_clean_text_is_left_alone(text):
    assert detect(text) is None
    assert repair(text) is None


def test_no_note_of_the_shared_vaults_but_the_seed_copy_is_flagged(shared_vaults):
    flagged = []
    for path in sorted(shared_vaults.rglob("*")):
        if path.suffix.lower() in (".md", ".txt", ".markdown") and path.is_file():
            note = read_note(path)
            if not note.binary and repair(note.text) is not None:
                flagged.append(path.relative_to(shared_vaults).as_posix())
    assert flagged == ["seed-kb/" + SEED_MOJIBAKE]


def test_the_index_and_the_search_see_the_seed_copy_as_repaired(seed_kb, tmp_path):
    from clew.core.index.build import read_facts
    from clew.core.search.fulltext import SearchIndex
    from clew.core.vault.files import Vault

    vault = Vault(seed_kb)
    clean = read_facts(vault, SEED_MOJIBAKE.replace(" (mis-encoded copy)", ""))
    mangled = read_facts(vault, SEED_MOJIBAKE)
    clean_headings = " ".join(h.text for h in clean.headings)
    mangled_headings = " ".join(h.text for h in mangled.headings[:len(clean.headings)])
    assert mangled_headings.startswith("课程 论文 表示学习")
    assert ratio(mangled_headings, clean_headings) >= 0.9
    search = SearchIndex(tmp_path / "search.sqlite3")
    search.sync(vault)
    found = {hit.path for hit in search.search("自监督")}
    assert SEED_MOJIBAKE in found and SEED_MOJIBAKE.replace(" (mis-encoded copy)", "") in found


@pytest.mark.parametrize("clean", [
    "我把论文加了书签，书签栏满了。",            # 签 lost 0xAD: 美 is the likelier character alone
    "其中不少链接已经失效。",                    # 中, 不 and 与 all lose their last byte
    "中国的平台不同，不能比较。",
    "我们参与了评估，与其说是比赛，不如说是交流。",
    "电视台的平台上",                            # 台 and 小 read the same once 0x8F is lost
    # 中, 与 and 不 standing alone: their classes after and before their neighbours' decide
    "在测试中",
    "我们在测试中发现了新的问题。",
    "在测试中，模型的表现很好。",
    "在实际使用中，我们发现速度很快。",           # 与 before a comma, not 中, after a verb
    "书签中的链接都不能打开。",
    "模型与数据",
    "我们比较了模型与数据的规模。",
    "我们把书签与笔记放在一起。",
    "在会议中，他与同事讨论了不少问题。",
    # ... and where 不 is right
    "我不知道他为什么不来。",
    "数据不够，模型不能训练。",
    # which character follows which in running text, across the edge between two words
    "请不要在生产环境中直接修改配置文件。",
    "这些笔记中有不少错误，需要重新核对。",
    "训练过程中显存占用逐渐升高，最后程序崩溃了。",
    # 每 a pronoun and 块 a measure word, not jieba's catch-all class
    "每段代码都有注释。",
    "文件的每一块都要校验。",
])
def test_a_lost_byte_is_rebuilt_by_the_words_it_forms(clean):
    assert round_trip(clean) == clean


@pytest.mark.parametrize("clean", [
    "Анализ данных: эта статья о Эрмитаже и Юпитере, а это её ответ.",  # А, Э, Ю, э, ё lose a byte
    "Эти авторы сравнивают Attention и RLHF: Алгоритм «Эхо» (эффективный) — Ювенал.",
])
def test_a_russian_word_is_rebuilt_whole_by_its_frequency(clean):
    fixed = repair(mangle(clean))
    assert fixed is not None and fixed.text == clean and fixed.rebuilt == 6


@pytest.mark.parametrize("clean", [
    "Модель обгоняет соседей.",                 # only the full list holds обгоняет
    "Я всегда записываю главное.",              # a word of the list goes by its frequency alone
])
def test_a_russian_word_the_small_list_lacks_is_looked_up_in_the_full_one(clean):
    assert round_trip(clean) == clean


@pytest.mark.parametrize("clean", [
    "Днём я отвечаю на письма.",                # я, not the commoner с, before a verb in -ю
    "Я сохраняю черновик.",                     # after я, the verb's -ю, not the commoner -я
    "Ночью я переписываю статью.",              # both words chosen together, and the noun after
    "Он выбрал новую версию.",                  # -ую before -ю
    "Я открываю историю изменений.",            # a verb in -аю before -ю
    # ... and where nothing agrees, the commoner word still wins
    "Я согласен с тобой.",
    "Разговор с ней занял час.",
    "Я сам не знаю.",
    "Новая функция работает.",
])
def test_a_russian_word_is_chosen_with_the_ending_the_word_before_asks_for(clean):
    assert round_trip(clean) == clean
