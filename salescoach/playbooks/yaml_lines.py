"""Read YAML into plain Python values while remembering the line every value came from.

Validation messages must say `file:line`, so the loader keeps a map from each value's path
(`("sections", 0, "questions", 2, "type")`) to its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

YamlPath = tuple[str | int, ...]

# A real playbook has a few hundred values. Aliases (`*name`) are expanded into `lines`, so a
# few hundred bytes of nested aliases could otherwise grow into billions of values.
MAX_VALUES = 50_000


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


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
# words syntax errors the way our messages and tests expect, so it re-reads a broken file.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> LocatedYaml:
    """Parse one YAML document; raises `YamlProblem` with the line of the first error."""
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return _load(text, _FAST_LOADER)
        except YamlProblem:
            pass
    return _load(text, yaml.SafeLoader)


def _load(text: str, loader_class: type) -> LocatedYaml:
    loader = loader_class(text)
    try:
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
        raise YamlProblem(line, f"YAML syntax: {reason}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML syntax: {error}") from None
    except RecursionError:
        raise YamlProblem(None, "the file is nested too deeply to be a playbook") from None
    finally:
        loader.dispose()


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int]
) -> Any:
    lines[path] = node.start_mark.line + 1
    if len(lines) > MAX_VALUES:
        raise YamlProblem(
            node.start_mark.line + 1, "the file holds too many values to be a playbook"
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<:` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be plain text")
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key `{key}`")
            result[key] = _convert(loader, value_node, (*path, key), lines)
            # point at the key rather than at a value that may start on the next line
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, index), lines) for index, item in enumerate(node.value)
        ]
    return _construct(loader, node)


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A scalar's value; PyYAML raises plain Python errors for some, such as `2024-02-30`."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise YamlProblem(
            node.start_mark.line + 1,
            f"YAML: cannot read the value `{getattr(node, 'value', '')}`; put it in quotes",
        ) from None
