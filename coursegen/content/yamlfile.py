"""Safe YAML loading that keeps line numbers, refuses duplicate keys and validates a schema."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from coursegen.content.textfile import read_text
from coursegen.problems import CourseError, Problem

# libyaml's parser when PyYAML was built with it: same nodes and line marks, several times faster
# (a full-scale course has over a thousand YAML files).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadedYaml:
    """A parsed YAML document plus its node tree, so any value can be traced back to its line."""

    def __init__(self, data: Any, root: yaml.Node | None, shown_path: str):
        self.data = data
        self.root = root
        self.path = shown_path

    def line_of(self, keys: tuple | list) -> int:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else 1
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == str(key)]
                if not match:
                    break
                key_node, node = match[0]
                line = key_node.start_mark.line + 1  # the key's line reads best, even for a block
                continue
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                break
            line = node.start_mark.line + 1
        return line

    def problem(self, keys: tuple | list, message: str) -> Problem:
        return Problem(self.path, self.line_of(keys), message)


def _duplicate_keys(node: yaml.Node, shown_path: str) -> list[Problem]:
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    problems.append(Problem(shown_path, line, f"duplicate key '{key.value}' (first defined on line {seen[key.value]})"))
                seen.setdefault(key.value, line)
            problems.extend(_duplicate_keys(value, shown_path))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(item, shown_path))
    return problems


def _alias_problems(text: str, shown_path: str) -> list[Problem]:
    """Aliases (*name) let a few lines expand into billions of values: course files need none."""
    if "*" not in text:
        return []
    problems = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                problems.append(Problem(shown_path, line, f"YAML alias *{event.anchor} is not allowed: write the value out"))
    except yaml.YAMLError:
        return []  # the real parse below reports the syntax error with its line
    return problems


# libyaml recurses once per nested flow collection ([ or {) and crashes the process (a segfault,
# not an exception) at some tens of thousands: refused before it parses. Real files nest 2 or 3.
MAX_FLOW_NESTING = 50
_LONG_NUMBER = re.compile(r"\d{4000,}")


def _flow_nesting_problem(text: str, shown_path: str) -> Problem | None:
    if text.count("[") + text.count("{") <= MAX_FLOW_NESTING:
        return None
    depth, quote, previous, line, index = 0, "", "\n", 1, 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        if quote:
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'" and previous in " \t\n[{,:-":
            quote = char  # a quote opens a scalar only where a scalar may start
        elif char == "#" and previous in " \t\n":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_NESTING:
                return Problem(shown_path, line, f"invalid YAML: lists or mappings nested more than {MAX_FLOW_NESTING} deep")
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
        index += 1
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _control_characters(root: yaml.Node, shown_path: str) -> list[Problem]:
    """A string may not hold control characters ("\\x00" and the like, written as escapes): our
    own marks in page text are made of them, and no reader needs them."""
    problems, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if _CONTROL.search(node.value):
                problems.append(
                    Problem(shown_path, node.start_mark.line + 1, "a control character in a string (such as \\x00): not allowed")
                )
            elif node.tag == "tag:yaml.org,2002:float" and node.value.lower().lstrip("+-") in (".inf", ".nan"):
                problems.append(Problem(shown_path, node.start_mark.line + 1, f"'{node.value}' is not a number a page can show"))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return problems


# A preview loads the course again at each save, and parsing models.yml alone takes a tenth of
# that: it keeps the documents it parsed, by (shown path, text), each caller getting its own copy
# of the data (keep_parsed). A build parses each file once and keeps nothing.
_PARSED: dict[tuple[str, str], tuple[Any, yaml.Node | None]] | None = None
_PARSED_KEPT = 512


def keep_parsed() -> None:
    global _PARSED  # noqa: PLW0603 - the process's choice, made once by a preview
    if _PARSED is None:
        _PARSED = {}


def parse_yaml(text: str, shown_path: str) -> LoadedYaml:
    """Parse YAML text with PyYAML's safe loader (no Python object tags)."""
    if _PARSED is None:
        return _parse_yaml(text, shown_path)
    parsed = _PARSED.get((shown_path, text))
    if parsed is not None:
        return LoadedYaml(copy.deepcopy(parsed[0]), parsed[1], shown_path)
    loaded = _parse_yaml(text, shown_path)
    if len(_PARSED) >= _PARSED_KEPT:
        _PARSED.clear()
    _PARSED[(shown_path, text)] = (copy.deepcopy(loaded.data), loaded.root)
    return loaded


def _parse_yaml(text: str, shown_path: str) -> LoadedYaml:
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise CourseError(Problem(shown_path, number, "indented with a tab: YAML needs spaces"))
    aliases = _alias_problems(text, shown_path)
    if aliases:
        raise CourseError(aliases)
    nesting = _flow_nesting_problem(text, shown_path)
    if nesting:
        raise CourseError(nesting)
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return LoadedYaml(None, None, shown_path)
        duplicates = _duplicate_keys(root, shown_path) + _control_characters(root, shown_path)
        if duplicates:
            raise CourseError(duplicates)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        mark_line = mark.line + 1 if mark else 0
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise CourseError(Problem(shown_path, mark_line, f"invalid YAML: {what}")) from None
    except yaml.YAMLError as error:
        raise CourseError(Problem(shown_path, 0, f"invalid YAML: {error}")) from None
    except RecursionError:
        raise CourseError(Problem(shown_path, 0, "invalid YAML: nested too deeply")) from None
    except ValueError as error:  # an integer of thousands of digits (Python's int conversion limit)
        long_number = _LONG_NUMBER.search(text)
        if long_number is None:
            raise CourseError(Problem(shown_path, 0, f"invalid YAML: {error}")) from None
        number_line = text.count("\n", 0, long_number.start()) + 1
        message = f"invalid YAML: a number of {len(long_number.group())} digits is too long"
        raise CourseError(Problem(shown_path, number_line, message)) from None
    finally:
        loader.dispose()
    return LoadedYaml(data, root, shown_path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"


def _schema_message(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "document"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{where}: expected {expected}, got {_describe(error.instance)}"
        if isinstance(error.instance, bool) and "string" in str(expected):
            message += " (YAML reads unquoted yes/no/on/off as booleans: put the word in quotes)"
        return message
    return f"{where}: {error.message}"


def _written_keys(schema: dict) -> list[str]:
    """The keys a person writes (not those our tools write: readOnly)."""
    return [key for key, value in schema.get("properties", {}).items() if not (isinstance(value, dict) and value.get("readOnly"))]


def _problems(error: jsonschema.ValidationError, loaded: LoadedYaml) -> list[Problem]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # Point at each unknown key's own line, and say which keys are known.
        known = ", ".join(_written_keys(error.schema)) or "none"
        extra = [key for key in error.instance if key not in error.schema.get("properties", {})]
        return [loaded.problem(path + [key], f"unknown key '{key}' (expected one of: {known})") for key in extra]
    return [loaded.problem(path, _schema_message(error))]


def validate(loaded: LoadedYaml, schema: dict) -> None:
    """Raise one problem per schema violation, each naming its line."""
    if loaded.data is None and schema.get("type") == "object":
        keys = ", ".join(schema.get("required") or _written_keys(schema))
        raise CourseError(Problem(loaded.path, 0, f"the file is empty: expected keys such as {keys}"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise CourseError([problem for e in errors for problem in _problems(e, loaded)])


def load_yaml(path: Path, shown_path: str, schema: dict | None = None) -> LoadedYaml:
    loaded = parse_yaml(read_text(path, shown_path), shown_path)
    if schema is not None:
        validate(loaded, schema)
    return loaded
