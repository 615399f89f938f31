"""Safe YAML loading that keeps line numbers, refuses duplicate keys and validates a schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .problems import CourseError, Problem
from .textfile import read_text

YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
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
                node = match[0][1]
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
                    problems.append(
                        Problem(shown_path, line, f"duplicate key '{key.value}' (first defined on line {seen[key.value]})")
                    )
                seen.setdefault(key.value, line)
            problems.extend(_duplicate_keys(value, shown_path))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(item, shown_path))
    return problems


def parse_yaml(text: str, shown_path: str) -> LoadedYaml:
    """Parse YAML text with PyYAML's safe loader (no Python object tags)."""
    if "\t" in text:
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise CourseError(Problem(shown_path, number, "indented with a tab: YAML needs spaces"))
    loader = SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return LoadedYaml(None, None, shown_path)
        duplicates = _duplicate_keys(root, shown_path)
        if duplicates:
            raise CourseError(duplicates)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise CourseError(Problem(shown_path, line, f"invalid YAML: {what}")) from None
    except yaml.YAMLError as error:
        raise CourseError(Problem(shown_path, 0, f"invalid YAML: {error}")) from None
    finally:
        loader.dispose()
    return LoadedYaml(data, root, shown_path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"


def _schema_message(error: jsonschema.ValidationError, loaded: LoadedYaml) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "document"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{where}: expected {expected}, got {_describe(error.instance)}"
        if isinstance(error.instance, bool) and "string" in str(expected):
            message += " (YAML reads unquoted yes/no/on/off as booleans: put the word in quotes)"
        return message
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}"
    if error.validator == "required":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


def validate(loaded: LoadedYaml, schema: dict) -> None:
    """Raise one problem per schema violation, each naming its line."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise CourseError([loaded.problem(list(e.absolute_path), _schema_message(e, loaded)) for e in errors])


def load_yaml(path: Path, shown_path: str, schema: dict | None = None) -> LoadedYaml:
    loaded = parse_yaml(read_text(path, shown_path), shown_path)
    if schema is not None:
        validate(loaded, schema)
    return loaded
