"""A synthetic checkout of an upstream course in the translated-lesson format, with the shapes
the real one has today (late 2026): lessons opening with a banner instead of a heading, pages in
sub-folders, resource pages and notebooks beside a lesson, both metadata forms (inline comment and
`.co-op-translator.json` with its `__translation_failures__` section), the tool's English copy in
`translations/en/`, CRLF and byte-order-mark files, both translated-image naming schemes, tracking
queries on links, `README.MD` spelt in capitals, and up-to-date and outdated translations.

Used by the import tests, and by the benchmark's import step with the real lessons' shapes
(`write_checkout(..., real=True)`)."""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

# The upstream course's lesson slugs (see the translated-lesson format).
SLUGS = (
    "00-course-setup 01-introduction-to-genai 02-exploring-and-comparing-different-llms 03-using-generative-ai-responsibly "
    "04-prompt-engineering-fundamentals 05-advanced-prompts 06-text-generation-apps 07-building-chat-applications "
    "08-building-search-applications 09-building-image-applications 10-building-low-code-ai-applications "
    "11-integrating-with-function-calling 12-designing-ux-for-ai-applications 13-securing-ai-applications "
    "14-the-generative-ai-application-lifecycle 15-rag-and-vector-databases 16-open-source-models 17-ai-agents "
    "18-fine-tuning 19-slm 20-mistral 21-meta"
).split()
# Every language code of the upstream course today (translations/en/ is not one: it is the tool's copy).
LANGUAGES = (
    "ar bg bn cs da de el es et fa fi fr he hi hr hu id it ja km kn ko lt ml mr ms my ne nl no pa pcm pl pt-BR "
    "pt-PT ro ru sk sl sr sv sw ta te th tl tr uk ur vi zh-CN zh-HK zh-MO zh-TW"
).split()
# What the tests need at least: right-to-left, a script without spaces, a region subtag, `no`.
TEST_LANGUAGES = ("ms", "ja", "fa", "he", "zh-TW", "hi", "pt-BR", "no")
TEST_LESSONS = ("05-advanced-prompts", "16-open-source-models", "18-fine-tuning")
TRACKING = "?WT.mc_id=academic-105485-koreyst"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
_WORDS = {
    "latin": "model data prompt token answer learner lesson example weights training open source text code".split(),
    "ja": "モデル データ 学習 例 文章 重み 公開 答え 質問 言語".split(),
    "zh": "模型 数据 学习 例子 文本 权重 开放 回答 问题 语言".split(),
    "fa": "مدل داده آموزش مثال متن وزن باز پاسخ پرسش زبان".split(),
    "he": "מודל נתונים למידה דוגמה טקסט משקל פתוח תשובה שאלה שפה".split(),
    "hi": "मॉडल डेटा सीख उदाहरण पाठ भार खुला उत्तर प्रश्न भाषा".split(),
}


def _script(lang: str) -> str:
    if lang.startswith("zh"):
        return "zh"
    return lang if lang in _WORDS else "latin"


def _sentence(rng: random.Random, script: str) -> str:
    words = [rng.choice(_WORDS[script]) for _ in range(rng.randint(8, 16))]
    joiner = "" if script in ("ja", "zh") else " "
    end = "。" if script in ("ja", "zh") else "."
    return joiner.join(words).capitalize() + end


@dataclass(frozen=True)
class Page:
    inner: str  # path inside the lesson folder
    title: str


def lesson_pages(slug: str, real: bool = False) -> list[Page]:
    """README.md for every lesson, plus the kinds of extra pages the real course has (with real:
    the extra pages it has, REAL_EXTRA_PAGES)."""
    title = slug[3:].replace("-", " ").capitalize()
    pages = [Page("README.md", title)]
    if real:
        return pages + [Page(inner, f"{title}: {inner.rsplit('.', 1)[0]}") for inner in REAL_EXTRA_PAGES.get(slug, {})]
    if slug.startswith(("00-", "05-")):
        pages.append(Page("setup/README.md", f"{title}: setting up"))
    if slug.startswith(("18-", "05-")):
        pages.append(Page("RESOURCES.md", f"{title}: resources"))
    return pages


@dataclass(frozen=True)
class Shape:
    """What a real lesson page is made of, counted in its Markdown."""

    words: int
    headings: int
    fences: int  # code blocks
    links: int  # every "](" (an image's address counts too, as a linked banner's two do)
    images: int


# The English lesson pages (<slug>/README.md) of microsoft/generative-ai-for-beginners, counted
# in the versions the search tool's index stores (most at commit 0600938f): words (split at white
# space), headings, code blocks, links and images. Lessons run from 755 to 5,253 words (2,260 on
# average: 0.9 times our lesson 16), a heading every 140 words; translations keep their English
# page's headings, code, links and images, in about as many characters (French 1.15 times).
REAL_LESSONS = {
    "00-course-setup": Shape(1157, 16, 5, 21, 2),
    "01-introduction-to-genai": Shape(2082, 13, 0, 16, 9),
    "02-exploring-and-comparing-different-llms": Shape(2742, 18, 0, 43, 12),
    "03-using-generative-ai-responsibly": Shape(1502, 16, 0, 12, 4),
    "04-prompt-engineering-fundamentals": Shape(5253, 31, 1, 37, 8),
    "05-advanced-prompts": Shape(3660, 22, 19, 5, 1),
    "06-text-generation-apps": Shape(4279, 29, 26, 9, 2),
    "07-building-chat-applications": Shape(2484, 18, 1, 11, 3),
    "08-building-search-applications": Shape(1676, 19, 6, 21, 3),
    "09-building-image-applications": Shape(2591, 19, 17, 14, 7),
    "10-building-low-code-ai-applications": Shape(3833, 15, 0, 24, 13),
    "11-integrating-with-function-calling": Shape(2856, 15, 19, 12, 3),
    "12-designing-ux-for-ai-applications": Shape(1608, 15, 0, 13, 8),
    "13-securing-ai-applications": Shape(2554, 14, 0, 22, 2),
    "14-the-generative-ai-application-lifecycle": Shape(826, 6, 0, 17, 7),
    "15-rag-and-vector-databases": Shape(2139, 22, 5, 7, 4),
    "16-open-source-models": Shape(913, 11, 0, 22, 4),
    "17-ai-agents": Shape(1392, 14, 7, 14, 6),
    "18-fine-tuning": Shape(1240, 9, 0, 12, 1),
    "19-slm": Shape(2927, 22, 5, 16, 4),
    "20-mistral": Shape(1242, 10, 7, 2, 0),
    "21-meta": Shape(755, 8, 2, 2, 0),
}
# The lessons' other pages (their translations listed in the 2026 sidecars), with words estimated
# from their characters (6.6 characters a word in the lessons above), a heading every 140 words.
REAL_EXTRA_PAGES = {
    "00-course-setup": {
        "01-setup-cloud.md": Shape(230, 2, 1, 6, 4),
        "02-setup-local.md": Shape(1350, 10, 1, 6, 4),
        "03-providers.md": Shape(1230, 9, 1, 6, 4),
    },
    "08-building-search-applications": {"scripts/README.md": Shape(760, 5, 1, 6, 4)},
    "15-rag-and-vector-databases": {
        "data/frameworks.md": Shape(1180, 8, 1, 6, 4),
        "data/own_framework.md": Shape(870, 6, 1, 6, 4),
        "data/perceptron.md": Shape(640, 5, 1, 6, 4),
    },
    "18-fine-tuning": {"RESOURCES.md": Shape(1220, 9, 1, 6, 4)},
}
# What every synthetic lesson page holds whatever its shape (banner, links to the next lesson and
# the course, the diagram, GitHub's shapes, the table): the rest of a real shape is added to it.
_FIXED = Shape(words=120, headings=1, fences=1, links=6, images=4)
_PARAGRAPH_WORDS = 48  # four sentences of 8 to 16 words


def _extra_figures(slug: str, real: bool) -> int:
    shape = REAL_LESSONS.get(slug) if real else None
    return max(0, shape.images - _FIXED.images) if shape is not None else 0


def _real_shape(slug: str, inner: str) -> Shape | None:
    return REAL_LESSONS.get(slug) if inner == "README.md" else REAL_EXTRA_PAGES.get(slug, {}).get(inner)


def _real_extras(slug: str, inner: str, sections: int, shape: Shape, others: list[str]) -> dict[int, list[str]]:
    """The lines a real shape adds to each section (from the fourth on): paragraphs to its length,
    with the real pages' bold, emphasis and code spans, and lists between them (per 1,000 words
    the course's pages have about 5 bold, 2.5 emphasised and 2.4 code spans and 10 list items);
    its further links (to other lessons and outside), figures and code blocks."""
    rng = random.Random(f"{slug}/{inner}/shape")
    later = list(range(3, sections)) or [sections - 1]
    added: dict[int, list[str]] = {section: [] for section in range(sections)}
    words_per_paragraph = _PARAGRAPH_WORDS + 4 * 10 / 9  # (and a list of four items every ninth)
    paragraphs = max(0, round((shape.words - _FIXED.words - 2 * sections) / words_per_paragraph) - sections)
    links = max(0, shape.links - _FIXED.links)
    for index in range(paragraphs):
        paragraph = " ".join(_sentence(rng, "latin") for _ in range(4))
        if index % 4 == 0:
            paragraph = f"**Key point {index // 4 + 1}:** {paragraph}"
        if index % 8 == 3:
            paragraph += " _In short_."
        if index % 4 == 1:
            paragraph += f" Call `client.step_{index}()`."
        if index < links:  # (a link at a paragraph's end: a translation keeps it)
            other = others[index % len(others)] if others and index % 2 else ""
            target = f"../{other}/README.md{TRACKING}" if other else f"https://learn.microsoft.com/training/{slug}/{index}{TRACKING}"
            paragraph += f" Read [more on this]({target})."
        added[later[index % len(later)]] += [paragraph, ""]
        if index % 9 == 8:
            added[later[index % len(later)]] += [f"- **Item {item}**: {_sentence(rng, 'latin')[:60]}" for item in range(1, 5)] + [""]
    if links > paragraphs:  # (the rest as a list of further reading, in the last section)
        added[sections - 1] += [
            f"- [Further reading {index + 1}](https://learn.microsoft.com/training/{slug}/reading-{index}{TRACKING})"
            for index in range(links - paragraphs)
        ] + [""]
    for index in range(_extra_figures(slug, True) if inner == "README.md" else 0):
        added[later[(3 * index) % len(later)]] += [f"![Figure {index + 1}](./images/figure-{index + 1}.png{TRACKING})", ""]
    for index in range(max(0, shape.fences - _FIXED.fences)):
        code = [f"def step_{index}(client, prompt):", f'    """Step {index} of {slug}."""']
        code += [f"    reply_{line} = client.complete(prompt, temperature=0.{line})" for line in range(rng.randint(3, 9))]
        added[later[(5 * index) % len(later)]] += ["```python", *code, "    return reply_0", "```", ""]
    return added


def english_page(slug: str, page: Page, slugs: list[str], length: int, real: bool = False) -> str:
    """An upstream English page: banner first (no heading) on a lesson README, links with tracking.
    With real, a page has the length, headings, code, links and images of its real counterpart
    (REAL_LESSONS, REAL_EXTRA_PAGES); otherwise 4 × length sections of one paragraph each."""
    rng = random.Random(f"{slug}/{page.inner}")
    depth = page.inner.count("/")
    up = "../" * depth
    shape = _real_shape(slug, page.inner) if real else None
    sections = 4 * length if shape is None else max(2, shape.headings - _FIXED.headings)
    others = [other for other in slugs if other != slug]
    extras = _real_extras(slug, page.inner, sections, shape, others) if shape is not None else {}
    lines = []
    if page.inner == "README.md":
        lines += [
            f"[![{page.title}](./images/{slug[:2]}-lesson-banner.png{TRACKING})](https://aka.ms/gen-ai-lesson{slug[:2]}{TRACKING})",
            "",
            "> _Click the image above to view the video of this lesson_",
            "",
        ]
    else:
        lines += [f"# {page.title}", ""]
    for section in range(sections):
        lines += [f"## Section {section + 1}", ""]
        lines += [" ".join(_sentence(rng, "latin") for _ in range(4)), ""]
        lines += extras.get(section, [])
        if section == 0 and others:
            lines += [f"See [the next lesson]({up}../{others[0]}/README.MD{TRACKING}) and [the course]({up}../README.md{TRACKING}).", ""]
        if section == 1:
            lines += [f"![A diagram]({up}./images/diagram.png{TRACKING})", ""]
            lines += ["```python", 'prompt = f"{{ question }}"  # not a template here', "print(prompt)", "```", ""]
        if section == 1:
            lines += github_shapes(up)
        if section == 2 and page.inner == "README.md":
            extra = [p for p in lesson_pages(slug, real) if p.inner != "README.md"]
            for other in extra:
                lines += [f"- [{other.title}](./{other.inner}{TRACKING})"]
            if slug.startswith("05-"):
                lines += [f"- [The notebook](./python/aoai-assignment.ipynb{TRACKING})"]
            lines += ["", "| model | size |", "|---|---|", "| one | 7B |", ""]
    return "\n".join(lines) + "\n"


def github_shapes(up: str) -> list[str]:
    """What GitHub's renderer reads otherwise than Python-Markdown, as upstream pages write it:
    alerts, lists nested by 2 and 3 spaces (bullets under a numbered item), `<br>` and an image in
    a list item, and a code fence inside an HTML comment (old instructions commented out)."""
    return [
        "> [!NOTE]",
        "> Keep your keys out of the repository.",
        "",
        "> [!IMPORTANT]",
        ">",
        "> Run the setup first.",
        "",
        "- Costs",
        "  - Tunability",
        "  - Effort",
        "   - Compute",
        "   - Data",
        "",
        "1. First step",
        "   - a detail",
        "   - another detail",
        "2. Creative ideation<br>",
        f"   ![An idea]({up}./images/diagram.png)",
        f"3. Effort ![Effort]({up}./img/effort.png)",
        "4. Last step",
        "",
        "<!--",
        "```bash",
        "old instructions",
        "```",
        "-->",
        "",
        "Questions? [Email us](opencode@example.com).",
        "",
        "### On Linux and macOS",
        "",
    ]


# Lines a translation keeps as they are: links, images, tables, alerts' markers, list structure,
# comments (their words are translated, not their shape).
# What a translation keeps of a paragraph's marks: links, code spans, bold and emphasis.
_MARKS = re.compile(r"\[[^\]]*\]\([^)]*\)|`[^`]+`|\*\*[^*]+\*\*|_[^_ ][^_]*_")
_KEPT_LINES = ("[!", "![", "- [", "|", "See [", "Questions? [", ">", "- ", "  ", "1. ", "2. ", "3. ", "4. ", "<!--", "-->")


def translated_page(english: str, lang: str, length: int, seed: str) -> str:
    """A translation of english: the same structure (headings, links, code), words of the language."""
    rng = random.Random(seed)
    script = _script(lang)
    out = []
    in_code = False
    for line in english.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            out.append(line)
        elif in_code or not line or line.startswith(_KEPT_LINES):
            out.append(line)
        elif line.startswith("#"):
            marks = line.split(" ", 1)[0]
            out.append(f"{marks} {_sentence(rng, script).rstrip('.。')}")
        else:  # (its links, code spans, bold and emphasis are kept)
            marks = _MARKS.findall(line)
            leading = marks[:1] if marks and line.startswith(marks[0]) else []  # (a paragraph's opening bold stays first)
            out.append(" ".join([*leading, *(_sentence(rng, script) for _ in range(4)), *marks[len(leading) :]]))
    return "\n".join(out)


DISCLAIMER = {
    "latin": "**Disclaimer**: This document was translated by a machine translation service.",
    "ja": "**免責事項**: この文書は機械翻訳サービスで翻訳されました。",
    "zh": "**免責聲明**: 本文件由機器翻譯服務翻譯。",
    "fa": "**سلب مسئولیت**: این سند با یک سرویس ترجمه ماشینی ترجمه شده است.",
    "he": "**כתב ויתור**: מסמך זה תורגם באמצעות שירות תרגום מכונה.",
    "hi": "**अस्वीकरण**: यह दस्तावेज़ मशीन अनुवाद सेवा से अनुवादित है।",
}


def _metadata(english: bytes, source_file: str, lang: str, outdated: bool) -> dict[str, str]:
    digest = hashlib.md5(english + (b"an older version" if outdated else b"")).hexdigest()
    return {"original_hash": digest, "translation_date": "2026-07-13T19:10:09+00:00", "source_file": source_file, "language_code": lang}


def write_checkout(
    root: Path,
    *,
    lessons: tuple[str, ...] | list[str] = TEST_LESSONS,
    languages: tuple[str, ...] | list[str] = TEST_LANGUAGES,
    length: int = 1,
    real: bool = False,
) -> Path:
    """Write the checkout under root and return root. Deterministic: the same arguments give the
    same bytes. Every third translated lesson is outdated; the rest are up to date."""
    slugs = list(lessons)
    for slug in slugs:
        folder = root / slug
        (folder / "images").mkdir(parents=True, exist_ok=True)
        figures = [f"figure-{index + 1}.png" for index in range(_extra_figures(slug, real))]
        for image in (f"{slug[:2]}-lesson-banner.png", "diagram.png", *figures):
            (folder / "images" / image).write_bytes(PNG)
        (folder / "img").mkdir(exist_ok=True)  # lessons keep images outside images/ too
        (folder / "img" / "effort.png").write_bytes(PNG)
        for page in lesson_pages(slug, real):
            (folder / page.inner).parent.mkdir(parents=True, exist_ok=True)
            (folder / page.inner).write_text(english_page(slug, page, slugs, length, real), "utf-8", newline="\n")
        if slug.startswith("05-"):
            (folder / "python").mkdir(exist_ok=True)
            notebook = {
                "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Assignment\n"]}],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
            (folder / "python" / "aoai-assignment.ipynb").write_text(json.dumps(notebook, indent=1), "utf-8")
    (root / "README.md").write_text("# The course\n", "utf-8")
    images = root / "translated_images"
    images.mkdir(exist_ok=True)
    for index, lang in enumerate(["en", *languages]):
        sidecar_form = index % 2 == 0  # en and every other language: the newer form
        entries: dict[str, object] = {}
        script = _script(lang)
        for number, slug in enumerate(slugs):
            outdated = lang != "en" and (index + number) % 3 == 0
            for page in lesson_pages(slug, real):
                if lang == "zh-TW" and slug.startswith("18-") and page.inner == "README.md":
                    continue  # sub-pages translated, the lesson's README not yet (ur, he, ta lesson 08 upstream)
                english = (root / slug / page.inner).read_bytes()
                source_file = f"{slug}/{page.inner}"
                text = english.decode() if lang == "en" else translated_page(english.decode(), lang, length, f"{lang}/{source_file}")
                metadata = _metadata(english, source_file, lang, outdated)
                text = text.rstrip("\n") + "\n\n---\n\n<!-- CO-OP TRANSLATOR DISCLAIMER START -->\n" + DISCLAIMER[script]
                text += "\n<!-- CO-OP TRANSLATOR DISCLAIMER END -->\n"
                if sidecar_form:
                    entries[source_file] = metadata
                else:
                    comment = "<!--\nCO_OP_TRANSLATOR_METADATA:\n" + json.dumps(metadata, indent=2, ensure_ascii=False) + "\n-->\n"
                    text = comment + text
                if page.inner == "README.md" and lang != "en":
                    banner = f"{slug[:2]}-lesson-banner"
                    digest = hashlib.sha256(f"{slug}/images/{banner}.png".encode()).hexdigest()
                    if lang == "pt-BR":  # flat, 16 hex, language before the extension (Bengali lesson 01, late 2026)
                        name = f"{banner}.{digest[:16]}.{lang}.png"
                        (images / name).write_bytes(PNG)
                    elif sidecar_form:  # newer scheme: translated_images/<lang>/<stem>.<16 hex>.webp
                        (images / lang).mkdir(exist_ok=True)
                        name = f"{lang}/{banner}.{digest[:16]}.webp"
                        (images / name).write_bytes(
                            b"RIFF\x1a\x00\x00\x00WEBPVP8L\r\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
                        )
                    else:  # older scheme: translated_images/<stem>.<sha256>.<lang>.png
                        name = f"{banner}.{digest}.{lang}.png"
                        (images / name).write_bytes(PNG)
                    text = text.replace(f"./images/{banner}.png{TRACKING}", f"../../../translated_images/{name}{TRACKING}")
                if lang != "en":  # links to other lessons stay .md links; the rest point back to the English tree
                    up = "../" * page.inner.count("/")
                    text = text.replace(f"]({up}../README.md{TRACKING}", f"]({up}../../../README.md{TRACKING}")
                    text = text.replace(f"]({up}./images/diagram.png", f"]({up}../../../{slug}/images/diagram.png")
                    text = text.replace(f"]({up}./images/figure-", f"]({up}../../../{slug}/images/figure-")
                    text = text.replace(f"]({up}./img/effort.png", f"]({up}../../../{slug}/img/effort.png")
                data = text.encode("utf-8")
                if lang == "he":
                    data = data.replace(b"\n", b"\r\n")
                if lang == "fa":
                    data = b"\xef\xbb\xbf" + data
                target = root / "translations" / lang / slug / page.inner
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if sidecar_form:
            entries["README.md"] = _metadata(b"# The course\n", "README.md", lang, False)
            entries["__translation_failures__"] = {
                "CHANGELOG.md": {
                    "original_hash": "a48fc288183d6c459408f4cb608a53b1",
                    "source_file": "CHANGELOG.md",
                    "language_code": lang,
                    "failure_date": "2026-09-15T19:10:41+00:00",
                    "status": "failed",
                    "error_type": "TranslationIncompleteError",
                    "error_message": "Markdown translation remained incomplete for chunk 1.1.1 of 'CHANGELOG.md'.",
                    "translator_version": "0.20.1",
                    "failure_policy_version": 1,
                }
            }
            sidecar = json.dumps(dict(sorted(entries.items())), indent=2, ensure_ascii=False) + "\n"
            (root / "translations" / lang / ".co-op-translator.json").write_text(sidecar, "utf-8")
    return root


# -- courses nesting their lessons in chapters (ML-For-Beginners, AI-For-Beginners) ----------------
# The paths, link shapes and image schemes of the real checkouts (late 2026), with our own words.
NESTED = {
    "chapters": {  # ML-For-Beginners: <n>-<Chapter>/<n>-<lesson>/, numbers restart in each chapter
        "1-Introduction/README.md": "# Introduction to machine learning\n\nThis chapter has two lessons:\n\n"
        "1. [Introduction](1-intro-to-ML/README.md)\n2. [History](2-history-of-ML/README.md)\n",
        "1-Introduction/1-intro-to-ML/README.md": "# Introduction to machine learning\n\n"
        "## [Pre-lecture quiz](https://example.org/quiz/1/)\n\nMachine learning finds patterns in data so that a "
        "program can answer questions it was never given an explicit rule for.\n\n![hype curve](images/hype.png)\n\n"
        "* **Set up your machine**: install Python.\n  * then a text editor\n\nNext: the [history](../2-history-of-ML/README.md).\n\n"
        "## Assignment\n\n[Get up and running](assignment.md)\n",
        "1-Introduction/1-intro-to-ML/assignment.md": "# Get up and running\n\nInstall Python and run one notebook.\n",
        "1-Introduction/1-intro-to-ML/translations/README.es.md": "# Introducción\n\nUna traducción antigua.\n",
        "1-Introduction/2-history-of-ML/README.md": "# History of machine learning\n\n"
        "![Summary of the history in a sketchnote](../../sketchnotes/ml-history.png)\n\nThe history of machine learning "
        "starts long before computers could run it, with the logic and statistics of the nineteenth century.\n\n"
        "> [!NOTE]\n> The dates are approximate.\n\n| Year | Event |\n|---|---|\n| 1950 | Turing test |\n",
        "2-Regression/README.md": "# Regression models\n\nTwo lessons on predicting a number.\n",
        "2-Regression/1-Tools/README.md": "# Get started with Python and Scikit-learn\n\nRegression predicts a number "
        "from other numbers; this lesson sets up the tools it needs.\n\n"
        "```python\nimport sklearn\n```\n\nThe [notebook](solution/notebook.ipynb) has the answers.\n",
    },
    "lessons": {  # AI-For-Beginners: lessons/<n>-<Chapter>/<NN>-<Lesson>/, a chapter may be a lesson itself
        "lessons/1-Intro/README.md": "# Introduction to AI\n\nArtificial intelligence is the science of making computers "
        "act in ways we would call intelligent if a person acted so.\n",
        "lessons/3-NeuralNetworks/README.md": "# Introduction to neural networks\n\nThis section covers "
        "[the perceptron](03-Perceptron/README.md).\n",
        "lessons/3-NeuralNetworks/03-Perceptron/README.md": "# Introduction to Neural Networks: Perceptron\n\n"
        "One of the first neural networks was built in hardware in the late 1950s to recognise simple shapes.\n\n"
        "![Activation function](images/activation-func.png)\n\n## Assignment\n\n* [Instructions](lab/README.md)\n"
        "* [Notebook](lab/PerceptronMultiClass.ipynb)\n",
        "lessons/3-NeuralNetworks/03-Perceptron/README.es.md": "# Perceptrón\n\nUna traducción antigua.\n",
        "lessons/3-NeuralNetworks/03-Perceptron/lab/README.md": "# Multi-class classification with a perceptron\n\n"
        "Train a perceptron on the digits.\n",
    },
}
NESTED_TRANSLATIONS = {
    "chapters": {
        "ja": {
            "1-Introduction/1-intro-to-ML/README.md": "# 機械学習の入門\n\n機械学習は、データからパターンを見つけます。\n\n"
            "![ハイプ曲線](../../../../translated_images/hype.{hash}.ja.png)\n\n次は[歴史](../2-history-of-ML/README.md)です。\n",
            "1-Introduction/2-history-of-ML/README.md": "# 機械学習の歴史\n\n"
            "![スケッチノート](../../../../sketchnotes/ml-history.png)\n\n> [!NOTE]\n> 年はおおよそです。\n",
        },
        "ar": {"2-Regression/1-Tools/README.md": "# ابدأ مع بايثون\n\nالانحدار يتنبأ برقم.\n"},
    },
    "lessons": {
        "ja": {
            "lessons/3-NeuralNetworks/README.md": "# ニューラルネットワークの紹介\n\nこの節では[パーセプトロン](03-Perceptron/README.md)を扱います。\n",
            "lessons/3-NeuralNetworks/03-Perceptron/README.md": "# ニューラルネットワーク入門：パーセプトロン\n\n"
            "![活性化関数](images/activation-func.png)\n\n* [指示](lab/README.md)\n"
            "* [ノートブック](../../../../../lessons/3-NeuralNetworks/03-Perceptron/lab/PerceptronMultiClass.ipynb)\n",
            "lessons/3-NeuralNetworks/03-Perceptron/lab/README.md": "# パーセプトロンによる多クラス分類\n\n数字で学習します。\n",
        },
    },
}
NESTED_SLUGS = {
    "chapters": ["01-introduction", "02-intro-to-ml", "03-history-of-ml", "04-regression", "05-tools"],
    "lessons": ["01-intro", "02-neuralnetworks", "03-perceptron"],
}


def write_nested_checkout(root: Path, shape: str) -> Path:
    """A small checkout of a course that nests its lessons: shape "chapters" (ML-For-Beginners) or
    "lessons" (AI-For-Beginners). Japanese pages are recorded in the sidecar with upstream's paths;
    ML's Japanese banner is a translated image named by the hash of its English path."""
    for inner, text in NESTED[shape].items():
        (root / inner).parent.mkdir(parents=True, exist_ok=True)
        (root / inner).write_text(text, "utf-8")
        for image in ("images/hype.png", "images/activation-func.png"):
            if image in text:
                (root / inner).with_name("images").mkdir(exist_ok=True)
                (root / inner).parent.joinpath(image).write_bytes(PNG)
    if shape == "chapters":
        (root / "sketchnotes").mkdir(exist_ok=True)
        (root / "sketchnotes" / "ml-history.png").write_bytes(PNG)
    else:
        (root / "lessons/3-NeuralNetworks/03-Perceptron/lab/PerceptronMultiClass.ipynb").write_text('{"cells": []}\n', "utf-8")
    digest = hashlib.sha256(b"1-Introduction/1-intro-to-ML/images/hype.png").hexdigest()
    for lang, pages in NESTED_TRANSLATIONS[shape].items():
        entries = {}
        for inner, text in pages.items():
            target = root / "translations" / lang / inner
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace("{hash}", digest), "utf-8")
            entries[inner] = _metadata((root / inner).read_bytes(), inner, lang, outdated=False)
            if "images/activation-func.png" in text:  # AI-For-Beginners copies images into the translation
                (target.parent / "images").mkdir(exist_ok=True)
                (target.parent / "images" / "activation-func.png").write_bytes(PNG)
        if lang == "ja":
            sidecar = json.dumps(entries, indent=2, ensure_ascii=False) + "\n"
            (root / "translations" / lang / ".co-op-translator.json").write_text(sidecar, "utf-8")
    (root / "translated_images").mkdir(exist_ok=True)
    (root / "translated_images" / f"hype.{digest}.ja.png").write_bytes(PNG)
    # Cloned from its own repository (as git writes it; an ssh address for the second course).
    (root / ".git").mkdir(exist_ok=True)
    remote = "https://github.com/microsoft/ML-For-Beginners.git" if shape == "chapters" else "git@github.com:microsoft/AI-For-Beginners.git"
    (root / ".git" / "config").write_text(f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {remote}\n', "utf-8")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n" if shape == "chapters" else "ref: refs/heads/master\n", "utf-8")
    return root
