"""Read YAML into plain Python values while remembering the line every value came from.

Validation messages must say `file:line`, so the loader keeps a map from each value's path
(`("sections", 0, "questions", 2, "type")`) to its 1-based line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

YamlPath = tuple[str | int, ...]

# A real playbook has a few hundred values. Aliases (`*name`) are expanded into `lines`, so a
# few hundred bytes of nested aliases could otherwise grow into billions of values.
MAX_VALUES = 50_000
TOO_MANY = "the file holds too many values to be a playbook"
# A real playbook nests about a dozen levels (a condition inside a question inside a section).
# The limit keeps deep files from exhausting Python's recursion limit wherever they are read.
MAX_DEPTH = 64
TOO_DEEP = "the file is nested too deeply to be a playbook"
# How much of a value a message quotes: enough to recognise it, never a whole file.
SHOWN_CHARS = 60
# A real playbook is a few dozen kilobytes. A larger text is first counted in parser events,
# which costs a third of building it: two megabytes of tiny values would take seconds to build.
_LARGE_TEXT = 200_000
# The pure-Python parser reads about 100 kB a second: it re-reads only what a person writes.
_RETRY_TEXT = 50_000
_MAX_EVENTS = 3 * MAX_VALUES
# libyaml's own guard against deep nesting; the pure-Python parser would take minutes instead.
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str, syntax: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.syntax = syntax  # the parser's own words, which the two parsers word differently


@dataclass
class LocatedYaml:
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line_of(self, path: YamlPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


# libyaml's parser is about ten times faster, which matters at start-up; the pure-Python one
# words syntax errors the way our messages and tests expect, so it re-reads a broken file of
# playbook size; a larger one keeps libyaml's wording.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> LocatedYaml:
    """Parse one YAML document; raises `YamlProblem` with the line of the first error."""
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return _load(text, _FAST_LOADER)
        except YamlProblem as problem:
            if not problem.syntax or len(text) > _RETRY_TEXT:
                raise
    return _load(text, yaml.SafeLoader)


def _load(text: str, loader_class: type) -> LocatedYaml:
    loaders = []
    try:
        if len(text) > _LARGE_TEXT:
            loaders.append(loader_class(text))
            _count_events(loaders[-1])
        loaders.append(loader_class(text))  # the reader refuses control characters right here
        loader = loaders[-1]
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(None)
        located = LocatedYaml(None)
        located.data = _convert(loader, node, (), located.lines)
        return located
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = error.problem or error.context or "not valid YAML"
        if _LIBYAML_DEPTH_LIMIT in reason:
            raise YamlProblem(line, TOO_DEEP) from None
        raise YamlProblem(line, f"YAML syntax: {one_line(reason)}", syntax=True) from None
    except yaml.reader.ReaderError as error:  # the C reader checks characters as it goes
        raise _unreadable_character(text, error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML syntax: {one_line(str(error))}", syntax=True) from None
    except RecursionError:
        raise YamlProblem(None, TOO_DEEP) from None
    finally:
        for loader in loaders:
            loader.dispose()


def _count_events(loader: yaml.SafeLoader) -> None:
    """Refuse a text of far too many values before building any of them."""
    count = 0
    while loader.check_event():
        event = loader.get_event()
        count += 1
        if count > _MAX_EVENTS:
            raise YamlProblem(event.start_mark.line + 1, TOO_MANY)


def _unreadable_character(text: str, error: yaml.reader.ReaderError) -> YamlProblem:
    """NUL and other control characters: typically a file saved as UTF-16, or not text at all."""
    character = error.character
    if not isinstance(character, int):
        return YamlProblem(1, "holds characters that are not text; save the file as UTF-8 text")
    # The first such character stops the reader, so its first occurrence is where it stopped
    # (libyaml counts that position in bytes, the pure-Python reader in characters).
    line = text.count("\n", 0, max(text.find(chr(character)), 0)) + 1
    return YamlProblem(
        line, f"holds a character that is not text (U+{character:04X}); save the file as UTF-8 text"
    )


def one_line(message: str, limit: int = 300) -> str:
    """`message` as a single readable line of at most `limit` characters.

    Messages quote what the file holds, and a `file:line: message` report must stay one line
    that any terminal or log can print: control and direction-changing characters and lone
    surrogates are escaped.
    """
    text = "".join(_printable(char) for char in message[:limit])
    return text if len(text) <= limit and len(message) <= limit else text[: limit - 1] + "\u2026"


def shown(value: Any) -> str:
    """A value as a message quotes it: one line, cut to `SHOWN_CHARS`."""
    return one_line(str(value), SHOWN_CHARS)


def _printable(char: str) -> str:
    if unicodedata.category(char) in _UNPRINTABLE:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


# controls, formatting (right-to-left overrides, zero-width), surrogates, line/paragraph breaks
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int]
) -> Any:
    lines[path] = node.start_mark.line + 1
    if len(lines) > MAX_VALUES:
        raise YamlProblem(node.start_mark.line + 1, TOO_MANY)
    if len(path) > MAX_DEPTH:
        raise YamlProblem(node.start_mark.line + 1, TOO_DEEP)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<:` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be plain text")
            key = _construct(loader, key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be plain text")
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key `{shown(key)}`")
            result[key] = _convert(loader, value_node, (*path, key), lines)
            # point at the key rather than at a value that may start on the next line
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, index), lines) for index, item in enumerate(node.value)
        ]
    return _construct(loader, node)


def _construct(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A scalar's value; PyYAML raises plain Python errors for some, such as `2024-02-30`."""
    line = node.start_mark.line + 1
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise YamlProblem(
            line, f"YAML: cannot read the value `{shown(node.value)}`; put it in quotes"
        ) from None
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud800" in double quotes is no character at all: no file, screen or log can hold it
        raise YamlProblem(
            line, f"YAML: the value `{shown(value)}` holds an escape that is not a character"
        )
    return value


_SURROGATE = re.compile(r"[\ud800-\udfff]")
