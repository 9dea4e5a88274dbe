"""Writes a synthetic vault for the benchmarks: ~3 KB notes with ~10 links each, in nested folders.

    python bench/generate_vault.py /tmp/vault-10k 10000 [--english]

The same count, seed and flavour always give the same vault. By default notes are written as our
users write them: Russian, Chinese and English sentences in the proportions of
../shared/vaults/seed-kb (bench/script_mix.py measures both: seed-kb has 62% of its letters
Cyrillic, 20% Han, 18% Latin; sentences of ~100, ~70 and ~73 characters), note and folder names
in Cyrillic, Chinese and English, and about 1% of the notes mis-encoded as seed-kb's mis-encoded
note is (see ``mangle``). The sentences are word salad from the lists below, not seed-kb's text.

``--english`` writes the English flavour: the same folders, the same links between the same
notes in the same forms, notes of the same size in UTF-8 bytes, English words only (and so
nothing for the mis-encoding to change). Links mix the forms real vaults use: bare wikilinks,
wikilinks with a heading or shown text, Markdown links by relative path, links to notes that do
not exist, and a bare URL; some notes carry front matter with tags and aliases.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import random
from pathlib import Path

EN_WORDS = (
    "river stone lantern orbit quiet harbor meadow copper signal thread vector garden winter "
    "paper engine cloud ember forest circuit marble delta prism echo summit canyon ledger "
    "atlas beacon cipher dune falcon glacier horizon island jungle kernel lagoon mosaic nebula "
    "oasis pillar quartz relay saddle tundra umbra valley willow zenith"
).split()
RU_WORDS = (
    "модель обучение данные слой сеть внимание градиент выборка признак оценка метод задача "
    "результат статья авторы эксперимент точность потеря память контекст запрос ответ токен "
    "вектор пространство обзор вывод гипотеза параметр масштаб архитектура генерация поиск "
    "граф агент награда политика среда шаг эпоха батч веса ошибка сходимость распределение "
    "большой новый глубокий простой быстрый устойчивый открытый скрытый линейный случайный "
    "показывает улучшает снижает позволяет требует описывает сравнивает объясняет учит "
    "для при без через между после почти также однако поэтому"
).split()
ZH_WORDS = (
    "模型 训练 数据 网络 注意力 梯度 样本 特征 评估 方法 任务 结果 论文 作者 实验 准确率 损失 "
    "记忆 上下文 查询 回答 向量 空间 综述 推理 假设 参数 规模 架构 生成 搜索 图谱 智能体 奖励 "
    "策略 环境 步骤 权重 误差 收敛 分布 大型 新的 深度 简单 快速 稳定 开放 隐藏 线性 随机 "
    "表明 提高 降低 允许 需要 描述 比较 解释 学习 书签 中文 与 不 台 的 在 和 对 是 了 通过 "
    "基于 使用 研究 我们 发现 这种 一个 可以 更好"
).split()
# Names the seed's Chinese and Russian sentences carry in Latin letters.
TERMS = "Transformer LLM RLHF GPT BERT CLIP NeurIPS ICLR Diffusion Attention MoE LoRA".split()
WORDS = {"ru": RU_WORDS, "zh": ZH_WORDS, "en": EN_WORDS}
# A sentence's language: seed-kb's sentence counts (204 Russian, 119 Chinese, 46 English).
LANGUAGE_WEIGHTS = {"ru": 204, "zh": 119, "en": 46}
# A note keeps to its own language this often; its other sentences are drawn as above.
OWN_LANGUAGE = 0.7
HEADINGS = {"ru": "Подробности", "zh": "详细信息", "en": "Details"}
MISSING = {"ru": "нет заметки", "zh": "缺失笔记", "en": "missing"}
FOLDERS = {
    "multilingual": ("заметки", "论文", "projects", "модели", "笔记", "archive", "конференции", "实验",
                     "reading", "исследования"),
    "english": tuple(f"area-{digit}" for digit in range(10)),
}
MISENCODED_SHARE = 0.01
NOTES_PER_FOLDER = 100
FOLDERS_PER_FOLDER = 10
LINKS_PER_NOTE = 10
NOTE_BYTES = 3000
# What a Windows-1254 (Turkish) reading of UTF-8 loses: its undefined bytes and the soft hyphen.
LOST_IN_CP1254 = frozenset(b"\x81\x8d\x8e\x8f\x90\x9d\x9e\xad")


def mangle(text: str) -> str:
    """``text`` as seed-kb's mis-encoded note is: its UTF-8 bytes read as Windows-1254, the bytes
    that code page does not define (and the soft hyphen) lost on the way; saved again as UTF-8."""
    return bytes(b for b in text.encode("utf-8") if b not in LOST_IN_CP1254).decode("cp1254")


def note_languages(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()), k=count)


def _sentence_language(rng: random.Random, note_language: str, english: bool) -> str:
    if english or rng.random() < OWN_LANGUAGE:
        return note_language
    return rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]


def note_paths(count: int, seed: int = 1, english: bool = False) -> list[str]:
    """``count`` vault paths, 100 notes per folder, folders nested 10 wide (a/b/c/...). A note's
    name is two words of its language and its number; in English, "note" and its number."""
    folders = FOLDERS["english" if english else "multilingual"]
    languages = note_languages(count, seed)
    rng = random.Random(seed + 1)
    paths = []
    for number in range(count):
        folder_number = number // NOTES_PER_FOLDER
        parts = []
        while True:
            parts.append(folders[folder_number % FOLDERS_PER_FOLDER])
            folder_number //= FOLDERS_PER_FOLDER
            if folder_number == 0:
                break
        words = rng.sample(WORDS[languages[number]], 2)
        if english:
            name = f"note {number:06d}"
        elif languages[number] == "zh":
            name = f"{''.join(words)} {number:06d}"
        else:
            name = f"{' '.join(words)} {number:06d}"
        paths.append("/".join(reversed(parts)) + f"/{name}.md")
    return paths


def _sentence(rng: random.Random, language: str) -> str:
    if language == "zh":
        clauses = [
            "".join(rng.choice(TERMS) if rng.random() < 0.04 else rng.choice(ZH_WORDS) for _ in range(rng.randint(5, 12)))
            for _ in range(rng.randint(2, 5))
        ]
        return "，".join(clauses) + "。"
    if language == "ru":
        words = [rng.choice(TERMS) if rng.random() < 0.05 else rng.choice(RU_WORDS) for _ in range(rng.randint(10, 17))]
    else:
        words = rng.choices(EN_WORDS, k=rng.randint(8, 16))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + "."


def _link(rng: random.Random, words: random.Random, source: str, target: str, target_language: str,
          language: str) -> str:
    """A link drawn by ``rng`` in both flavours alike; its shown words drawn by ``words``."""
    stem = posixpath.splitext(posixpath.basename(target))[0]
    form = rng.random()
    word = words.choice(WORDS[language])
    if form < 0.45:
        return f"[[{stem}]]"
    if form < 0.6:
        return f"[[{stem}#{HEADINGS[target_language]}]]"
    if form < 0.7:
        return f"[[{stem}|{word}]]"
    if form < 0.9:
        relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
        return f"[{word}]({relative.replace(' ', '%20')})"
    if form < 0.95:
        return f"[[{MISSING[language]} {rng.randint(0, 999)}]]"
    return "https://example.org/" + words.choice(EN_WORDS)


def note_text(shape: random.Random, words: random.Random, number: int, paths: list[str],
              languages: list[str], english: bool) -> str:
    """One note: optional front matter, a title, sections of prose with links spread through.
    ``shape`` draws what both flavours share (front matter or not, link targets and forms),
    ``words`` the prose."""
    path, language = paths[number], languages[number]
    vocabulary = WORDS[language]
    lines = []
    if shape.random() < 0.3:
        tags = ", ".join(words.sample(vocabulary, 2))
        lines += ["---", f"tags: [{tags}]", f"aliases: [{words.choice(vocabulary)} {number:06d}]", "---"]
    lines += [f"# {posixpath.splitext(posixpath.basename(path))[0]}", ""]
    links = []
    for _ in range(LINKS_PER_NOTE):
        target = shape.randrange(len(paths))
        links.append(_link(shape, words, path, paths[target], languages[target], language))
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    section = 0
    while size < NOTE_BYTES or links:
        if size > (section + 1) * 900:
            section += 1
            title = HEADINGS[language] if section == 1 else f"{words.choice(vocabulary).capitalize()} {section}"
            lines += ["", f"## {title}", ""]
        sentence = _sentence(words, _sentence_language(words, language, english))
        # Links spread evenly through the note's bytes, so both flavours hold them alike.
        if links and size >= (LINKS_PER_NOTE - len(links)) * NOTE_BYTES // LINKS_PER_NOTE:
            sentence = sentence[:-1] + f" {links.pop()}" + sentence[-1]
        if words.random() < 0.05:
            sentence += f" #{words.choice(vocabulary)}"
        lines.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def misencoded(count: int, seed: int = 1) -> list[int]:
    """The numbers of the notes written mis-encoded (in the English flavour, left as they are)."""
    rng = random.Random(seed + 4)
    return [number for number in range(count) if rng.random() < MISENCODED_SHARE]


def generate(root: Path, count: int, seed: int = 1, english: bool = False) -> list[str]:
    """Write ``count`` notes under ``root`` (which should not exist yet); return their paths."""
    paths = note_paths(count, seed, english)
    languages = ["en"] * count if english else note_languages(count, seed)
    shape, words = random.Random(seed + 2), random.Random(seed + 3)
    damaged = set() if english else set(misencoded(count, seed))
    made: set[str] = set()
    for number, path in enumerate(paths):
        folder = posixpath.dirname(path)
        if folder not in made:
            os.makedirs(root / folder, exist_ok=True)
            made.add(folder)
        text = note_text(shape, words, number, paths, languages, english)
        (root / path).write_text(mangle(text) if number in damaged else text, encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--english", action="store_true", help="English sentences and names only")
    args = parser.parse_args()
    if args.root.exists():
        parser.error(f"{args.root} exists; give a new folder")
    generate(args.root, args.count, args.seed, args.english)


if __name__ == "__main__":
    main()
