"""The content model: load lessons, translations, strings and model facts from the repository.

Everything is read once, validated, and returned as plain records; nothing here renders or
writes. Loading collects every problem it finds before failing, so a contributor sees them all.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursegen.content import coop, interface, schemas
from coursegen.content.files import CONTENT_FOLDERS, SITE_FOLDER, refuse_outside_links, refuse_unpublishable_files, refuse_unsafe_names
from coursegen.content.languages import ENGLISH, LANGUAGES, get_language
from coursegen.content.plurals import placeholder_problems, plural_problems
from coursegen.content.textfile import read_text, source_hash
from coursegen.content.yamlfile import LoadedYaml, load_yaml
from coursegen.problems import CourseError, Problem, display_path

__all__ = ["ENGLISH", "SITE_FOLDER"]  # (declared in languages and files; most modules take them from here)
UPSTREAM_RECORD = "upstream.yml"  # written by coursegen sync (coursegen.translators.sync)
LESSON_FILE = "README.md"


@dataclass(frozen=True)
class Model:
    id: str
    facts: dict[str, Any]  # the validated YAML record

    def __getitem__(self, key: str) -> Any:
        return self.facts[key]


@dataclass
class Lesson:
    slug: str  # "16-open-source-models": folder name and URL
    number: int
    facts: dict[str, Any]  # lesson.yml (English)
    folder: Path

    @property
    def readme(self) -> Path:
        return self.folder / LESSON_FILE

    @property
    def source_file(self) -> str:
        """The path translations record in their metadata (relative to the course root)."""
        return f"{self.slug}/{LESSON_FILE}"


@dataclass
class Translation:
    lang: str
    slug: str
    folder: Path
    words: dict[str, Any]  # translated lesson.yml (may be empty)
    metadata: coop.Metadata | None
    metadata_form: str | None  # "inline", "sidecar" or None
    metadata_problems: list[Problem] = field(default_factory=list)

    @property
    def readme(self) -> Path:
        return self.folder / LESSON_FILE

    @property
    def in_progress(self) -> bool:
        """Started with `coursegen new` and not stamped yet: not a translation for readers."""
        return self.words.get("in_progress") is True


@dataclass
class CourseConfig:
    repository: str  # https://github.com/<owner>/<repo>
    branch: str
    upstream: str  # the upstream course's repository, for lessons this site does not host
    upstream_branch: str = "main"
    site_url: str | None = None


@dataclass
class Course:
    root: Path
    config: CourseConfig
    lessons: dict[str, Lesson]
    models: dict[str, Model]
    # lang -> {"labels": {...}, "theme": {...}, "models": {...}, "reviewed": bool}: the course's own
    # strings.yml over the words shipped with the generator (content/interface.py)
    strings: dict[str, dict[str, Any]]
    translations: dict[tuple[str, str], Translation]
    # Translated pages of a lesson whose README.md has no translation in that language yet (a
    # sub-folder's page, a resources page): published as they are, the lesson page in English.
    partial_translations: dict[tuple[str, str], Path] = field(default_factory=dict)
    # The upstream commit the imported pages come from (upstream.yml, written by coursegen sync).
    upstream_record: dict[str, Any] | None = None
    # What is worked out from state that can change (git's history, the translations' status),
    # kept for as long as this loaded course: a preview loads the course anew on each change, so
    # nothing here outlives what it was worked out from. (Caches keyed by a text's content, such
    # as the reading of a page, are pure and stay with their functions.)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups with English as the fallback -------------------------------------------
    def label(self, lang: str, key: str) -> str:
        return self.label_in(lang, key)[1]

    def label_in(self, lang: str, key: str) -> tuple[str, Any]:
        """An interface string and the language it is in: lang's own, else English's (for a
        plural label, its texts by plural category)."""
        for source in (lang, ENGLISH):
            value = self.strings.get(source, {}).get("labels", {}).get(key)
            if value:
                return source, value
        raise KeyError(f"no interface string '{key}' in lessons/strings.yml")

    def theme_label(self, lang: str, key: str) -> str | None:
        """The theme's interface string `key` as lang's strings.yml translates it (theme: block),
        else None: the theme's own words then apply."""
        return self.strings.get(lang, {}).get("theme", {}).get(key) or None

    def plural_label(self, lang: str, key: str) -> tuple[str, dict[str, str]]:
        """A label of schemas.PLURAL_LABELS: the language it is in and its text per plural category."""
        return self.label_in(lang, key)

    def model_text(self, lang: str, model_id: str, key: str) -> str | None:
        for source in (lang, ENGLISH):
            value = self.strings.get(source, {}).get("models", {}).get(model_id, {}).get(key)
            if value:
                return value
        return None

    @functools.cached_property
    def published_translations(self) -> dict[tuple[str, str], Translation]:
        """The translations readers get: not those still in progress (their pages show English)."""
        return {key: translation for key, translation in self.translations.items() if not translation.in_progress}

    def lesson_words(self, lang: str, slug: str) -> dict[str, Any]:
        """lesson.yml in a language: translated words over the English facts."""
        words = dict(self.lessons[slug].facts)
        translation = self.published_translations.get((lang, slug))
        if translation is not None:
            words.update({key: value for key, value in translation.words.items() if key != "in_progress"})
        return words

    def path(self, path: Path) -> str:
        return display_path(path, self.root)

    @functools.cached_property  # (the folders are read once per loaded course)
    def languages(self) -> list[str]:
        """The site's languages (course_languages: the one list that validate, status, check and
        the build read): English, then every language with a folder under translations/ or docs/."""
        return course_languages(self.root)


# -- loading -------------------------------------------------------------------------------


def _load(root: Path, path: Path, schema: dict | None, problems: list[Problem]) -> LoadedYaml | None:
    try:
        return load_yaml(path, display_path(path, root), schema)
    except CourseError as error:
        problems.extend(error.problems)
        return None


def load_config(root: Path, problems: list[Problem]) -> CourseConfig | None:
    loaded = _load(root, root / "course.yml", schemas.COURSE, problems)
    if loaded is None:
        return None
    config = CourseConfig(**loaded.data)
    config.site_url = os.environ.get("SITE_URL", config.site_url) or None
    # A fork's deploy workflow sets REPOSITORY (like SITE_URL): course.yml keeps the defaults.
    repository = os.environ.get("REPOSITORY")
    if repository:
        if re.fullmatch(schemas.URL_PATTERN, repository):
            config.repository = repository
        else:
            problems.append(Problem("REPOSITORY (environment variable)", 0, f"not an https:// address: {repository!r}"))
    return config


def load_models(root: Path, problems: list[Problem]) -> dict[str, Model]:
    loaded = _load(root, root / "data" / "models.yml", schemas.models_file_schema(), problems)
    if loaded is None:
        return {}
    models: dict[str, Model] = {}
    records = loaded.data["models"]
    for index, record in enumerate(records):
        where = ["models", index]
        if record["id"] in models:
            problems.append(loaded.problem(where + ["id"], f"duplicate model id '{record['id']}'"))
        for fact in schemas.sourced_facts():
            if record.get(fact) is not None and fact not in record["sources"]:
                problems.append(loaded.problem(where + ["sources"], f"{record['id']}: '{fact}' has no source URL"))
        models[record["id"]] = Model(record["id"], record)
    for index, record in enumerate(records):
        base = record["base_model_id"]
        if base is not None and base not in models:
            problems.append(loaded.problem(["models", index, "base_model_id"], f"unknown model id '{base}'"))
        if record["kind"] == "fine-tune" and not record["base_model"]:
            problems.append(loaded.problem(["models", index, "base_model"], "a fine-tune must name its base_model"))
    return models


def load_strings(
    root: Path,
    path: Path,
    lang: str,
    models: dict[str, Model],
    problems: list[Problem],
    english: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A strings.yml. A translation's (english: English's, when it loaded) theme: block may only
    hold English's keys: the theme also reads settings through its keys (the search's word
    separator), which are not words; its labels may only use English's placeholders, each once."""
    loaded = _load(root, path, schemas.strings_schema(), problems)
    if loaded is None:
        return {}
    if english is not None:
        theme_keys = english.get("theme") or {}
        for key, value in ((loaded.data or {}).get("labels") or {}).items():
            messages = placeholder_problems(key, value, (english.get("labels") or {}).get(key))
            problems.extend(loaded.problem(["labels", key], message) for message in messages)
        for key in (loaded.data or {}).get("theme") or {}:
            if key not in theme_keys:
                problems.append(
                    loaded.problem(["theme", key], f"unknown theme string '{key}' (the keys are those under theme: in lessons/strings.yml)")
                )
    labels = (loaded.data or {}).get("labels") or {}
    if lang == ENGLISH:  # every fact a page shows needs its label (the translations fall back to these)
        for fact in schemas.shown_facts():
            for label in fact.labels:
                if label not in labels:
                    message = f"no label '{label}' for the model field '{fact.name}' (see coursegen/content/schemas.py)"
                    problems.append(loaded.problem(["labels"], message))
        for label in schemas.PLURAL_LABELS:
            if label not in labels:
                problems.append(loaded.problem(["labels"], f"no label '{label}' (see schemas.PLURAL_LABELS)"))
    for label in schemas.PLURAL_LABELS:
        if isinstance(labels.get(label), dict):
            problems.extend(loaded.problem(["labels", label], message) for message in plural_problems(lang, label, labels[label]))
    if loaded.data is None:
        return {}
    for model_id in loaded.data.get("models") or {}:
        if models and model_id not in models:
            problems.append(loaded.problem(["models", model_id], f"unknown model id '{model_id}' (see data/models.yml)"))
    return loaded.data


def load_lessons(root: Path, models: dict[str, Model], problems: list[Problem]) -> dict[str, Lesson]:
    lessons = {}
    for folder in sorted((root / "lessons").iterdir()):
        if not folder.is_dir():
            continue
        if not (folder / "lesson.yml").is_file() or not (folder / LESSON_FILE).is_file():
            problems.append(Problem(display_path(folder, root), 0, "a lesson folder needs lesson.yml and README.md"))
            continue
        loaded = _load(root, folder / "lesson.yml", schemas.LESSON, problems)
        if loaded is None:
            continue
        facts = loaded.data
        if facts["slug"] != folder.name:
            problems.append(loaded.problem(["slug"], f"slug '{facts['slug']}' must equal the folder name '{folder.name}'"))
        if not facts["slug"].startswith(f"{facts['number']:02d}-"):
            problems.append(loaded.problem(["number"], f"number {facts['number']} does not match the slug '{facts['slug']}'"))
        for index, model_id in enumerate(facts.get("models", [])):
            if models and model_id not in models:
                problems.append(loaded.problem(["models", index], f"unknown model id '{model_id}' (see data/models.yml)"))
        if facts.get("banner") and not (folder / facts["banner"]).is_file():
            problems.append(loaded.problem(["banner"], f"banner image '{facts['banner']}' does not exist"))
        lessons[folder.name] = Lesson(folder.name, facts["number"], facts, folder)
    return lessons


def _sidecar_metadata(root: Path, lang_folder: Path, problems: list[Problem]) -> dict[str, coop.Metadata]:
    sidecar = lang_folder / coop.SIDECAR_NAME
    if not sidecar.is_file():
        return {}
    try:
        text = read_text(sidecar, display_path(sidecar, root))
    except CourseError as error:
        problems.extend(error.problems)
        return {}
    parsed = coop.parse_sidecar(text, display_path(sidecar, root))
    problems.extend(parsed.all_problems())
    return parsed.entries


def load_translation(
    root: Path, lang: str, folder: Path, lessons: dict[str, Lesson], sidecar: dict[str, coop.Metadata], problems: list[Problem]
) -> Translation | None:
    shown = display_path(folder, root)
    if (root / "lessons" / folder.name).is_dir() and folder.name not in lessons:
        return None  # the English lesson failed to load: its own problems say why
    if folder.name not in lessons:
        problems.append(Problem(shown, 0, f"no English lesson '{folder.name}' under lessons/ to translate"))
        return None
    if not (folder / LESSON_FILE).is_file():
        return None  # translated pages of the lesson without its README.md (partial_translation)
    words: dict[str, Any] = {}
    if (folder / "lesson.yml").is_file():
        loaded = _load(root, folder / "lesson.yml", schemas.TRANSLATED_LESSON, problems)
        words = (loaded.data or {}) if loaded else {}
    readme = folder / LESSON_FILE
    metadata_problems: list[Problem] = []
    try:
        inline = coop.parse_inline_metadata(read_text(readme, display_path(readme, root)), display_path(readme, root))
    except CourseError as error:
        problems.extend(error.problems)
        return None
    source_file = lessons[folder.name].source_file
    metadata, form = None, None
    if inline is not None:
        metadata, form = inline.metadata, "inline"
        metadata_problems.extend(inline.problems)
        problems.extend(inline.problems)  # the build would fail on them: say so at load time
    elif source_file in sidecar:
        metadata, form = sidecar[source_file], "sidecar"
    return Translation(lang, folder.name, folder, words, metadata, form, metadata_problems)


def partial_translation(root: Path, folder: Path, problems: list[Problem]) -> Path:
    """A lesson's translation folder without README.md: it must hold some translated page."""
    if not any(path.suffix == ".md" for path in folder.rglob("*.md")):
        problems.append(Problem(display_path(folder, root), 0, f"a translation folder needs {LESSON_FILE} or another translated page"))
    return folder


def load_course(root: Path | str, languages: set[str] | None = None) -> Course:
    """Load and validate the whole course; raise CourseError listing every problem found.

    languages: read only these languages' translations (a one-language preview starts faster)."""
    root = Path(root).resolve()
    problems: list[Problem] = []
    # The languages not read are not walked either (a preview's load): what is read is checked.
    unread = frozenset() if languages is None else frozenset(LANGUAGES) - languages - {ENGLISH}
    for folder in CONTENT_FOLDERS:
        if (root / folder).is_dir():
            problems.extend(refuse_outside_links(root, root / folder, unread))
            problems.extend(refuse_unsafe_names(root, root / folder, unread))
    if problems:  # stop here: nothing may be read through a refused link
        raise CourseError(sorted(set(problems)))
    problems.extend(refuse_unpublishable_files(root, unread))
    config = load_config(root, problems)
    models = load_models(root, problems)
    lessons = load_lessons(root, models, problems)
    strings = {ENGLISH: load_strings(root, root / "lessons" / "strings.yml", ENGLISH, models, problems)}
    translations: dict[tuple[str, str], Translation] = {}
    partial: dict[tuple[str, str], Path] = {}
    translations_root = root / "translations"
    for lang_folder in sorted(translations_root.iterdir()) if translations_root.is_dir() else []:
        if not lang_folder.is_dir():
            continue
        lang = lang_folder.name
        if languages is not None and lang not in languages:
            continue
        if lang not in LANGUAGES:
            try:
                hint = f": use '{get_language(lang).code}'"
            except KeyError:
                hint = ""
            problems.append(Problem(display_path(lang_folder, root), 0, f"'{lang}' is not a language code of the course{hint}"))
            continue
        own = {}
        if (lang_folder / "strings.yml").is_file():
            own = load_strings(root, lang_folder / "strings.yml", lang, models, problems, english=strings[ENGLISH] or None)
        shipped = interface.shipped_words(lang, strings[ENGLISH])
        if own or shipped:
            strings[lang] = interface.merge(shipped, own)
        sidecar = _sidecar_metadata(root, lang_folder, problems)
        for lesson_folder in sorted(p for p in lang_folder.iterdir() if p.is_dir()):
            translation = load_translation(root, lang, lesson_folder, lessons, sidecar, problems)
            if translation is not None:
                translations[(lang, lesson_folder.name)] = translation
            elif lesson_folder.name in lessons and not (lesson_folder / LESSON_FILE).is_file():
                partial[(lang, lesson_folder.name)] = partial_translation(root, lesson_folder, problems)
    # A language with site pages (docs/<lang>/) and no translations/ folder yet still has the
    # interface words shipped for it: its cards and notices are not in English.
    for lang in course_languages(root):
        if lang not in strings and lang in LANGUAGES and (languages is None or lang in languages):
            shipped = interface.shipped_words(lang, strings[ENGLISH])
            if shipped:
                strings[lang] = interface.merge(shipped, {})
    record = _load(root, root / UPSTREAM_RECORD, schemas.UPSTREAM_RECORD, problems) if (root / UPSTREAM_RECORD).is_file() else None
    if problems:
        raise CourseError(sorted(set(problems)))
    assert config is not None
    return Course(root, config, lessons, models, strings, translations, partial, record.data if record else None)


def course_languages(root: Path) -> list[str]:
    """The site's languages: English, then every language with a folder under translations/ or
    docs/, in code order. Adding a language is adding its folder: nothing else lists them."""
    found = set()
    for parent in (Path(root) / "translations", Path(root) / SITE_FOLDER):
        for entry in parent.iterdir() if parent.is_dir() else []:
            if entry.name in LANGUAGES and entry.name != ENGLISH and entry.is_dir():
                found.add(entry.name)
    return [ENGLISH, *sorted(found)]


def english_hash(course: Course, slug: str) -> str:
    return source_hash(course.lessons[slug].readme)
