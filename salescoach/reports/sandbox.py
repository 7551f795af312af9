"""The sandbox templates a rep or a team supplies run in: no way out, and no way to run away.

Jinja's `ImmutableSandboxedEnvironment` already refuses `__class__`, `__globals__`, unsafe calls
and changes to the view-model (which later formats of the same hand-off render again). It does not
bound what a template may build: `'x' * 10**9`, a `replace` that multiplies text, loops nested
to run for hours. A team's template may be careless or hostile, and the studio renders it on the
GUI thread, so every way a template grows text, lists, numbers or time is bounded here:

* operators that grow values (`*`, `**`, `+`, `%`, `~`) check the size of the result first;
* filters and string methods that grow text (`center`, `replace`, `join`, `ljust` ...) likewise;
* every loop step and every call counts against a step limit and a time budget;
* output is counted as it is produced, in the page and in every macro or `set` block.

The sizes and the time budget are kept in `limits`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from salescoach.reports.limits import (
    TOO_DEEP,
    RenderLimits,
    Sizes,
    TemplateRefused,
    is_int,
    not_in_folder,
    predicted_length,
    replaced_length,
    step,
    tick,
    time_budget,
    too_much_output,
)

# The largest shipped template is about 5 kB. Jinja needs seconds to compile 100 kB of tags.
MAX_TEMPLATE_BYTES = 100_000


# --- the environment ------------------------------------------------------------------------------


class _BoundedOutput(list[Any]):
    """Text as a template makes it (the page, a macro, a `{% set %}` block), counted."""

    def __init__(self, limits: RenderLimits) -> None:
        super().__init__()
        self.limits = limits
        self.length = 0

    def append(self, part: Any) -> None:
        self._count(part)
        super().append(part)

    def extend(self, parts: Iterable[Any]) -> None:
        for part in parts:
            self.append(part)

    def _count(self, part: Any) -> None:
        self.length += len(part) if isinstance(part, str) else 0
        if self.length > self.limits.text:
            raise too_much_output(self.limits)
        tick()


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles templates so that loops, buffers and `~` report to the environment."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        original = node.iter
        # `environment.counted(iterable)`, called the way every call in the sandbox is
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("counted", lineno=original.lineno),
            [original],
            [],
            None,
            None,
            lineno=original.lineno,
        )
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(jinja2.Template):
    """`render` is the bounded way in: it starts the time budget (`generate` does not)."""

    environment: BoundedSandbox

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The page, within the environment's limits, or `TemplateRefused` saying which."""
        with time_budget(self.environment.limits):
            try:
                return super().render(*args, **kwargs)
            except RecursionError:
                raise TemplateRefused(TOO_DEEP) from None
            except jinja2.TemplateNotFound as missing:  # an {% include %} or {% import %}
                raise not_in_folder(str(missing.name)) from None

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        """`{% import %}` runs the imported template: count its output too."""
        context = self.new_context(vars, shared, locals)
        body = self.environment.output_buffer()
        body.extend(self.root_render_func(context))
        return TemplateModule(self, context, body_stream=body)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """`ImmutableSandboxedEnvironment` with the limits of `RenderLimits`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate

    def __init__(self, *args: Any, limits: RenderLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or RenderLimits()
        self.sizes = Sizes(self.limits)
        self.concat = self._concat  # what every page, macro and block is joined with
        self.filters.update(_bounded_filters(self.sizes))
        self.globals["lipsum"] = self._lipsum

    # called by the compiled template

    def output_buffer(self) -> _BoundedOutput:
        return _BoundedOutput(self.limits)

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            step()
            yield item

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        self.sizes.text(sum(len(part) if isinstance(part, str) else 20 for part in parts))
        return join(parts)

    def _concat(self, parts: Iterable[Any]) -> str:
        buffer = self.output_buffer()
        buffer.extend(parts)  # counts, and stops, as the template produces its text
        return "".join(buffer)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        self.sizes.binop(operator, left, right)
        return self.sizes.value(super().call_binop(context, operator, left, right))

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        tick()
        if _is_text_join(obj) and args and not isinstance(args[0], list):
            # a list, so that its length can be known before the text is made
            items = list(itertools.islice(args[0], self.limits.items + 1))
            self.sizes.items(len(items))
            args = (items, *args[1:])
        predicted = predicted_length(obj, args, kwargs)
        if predicted is not None:
            self.sizes.text(predicted)
        return self.sizes.value(super().call(context, obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if is_format_map and args else kwargs
            self.sizes.format_spec(template, () if is_format_map else args, mapping)
            return self.sizes.value(wrapped(*args, **kwargs))

        return bounded

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if is_int(n) and is_int(max):
            self.sizes.text(n * max * 12)  # at most `max` words of a dozen letters, n times
        return generate_lorem_ipsum(n, html, min, max)


def _is_text_join(method: Any) -> bool:
    owner = getattr(method, "__self__", None)
    return isinstance(owner, str | bytes) and getattr(method, "__name__", "") == "join"


# --- filters that grow text or lists --------------------------------------------------------------


def _bounded_filters(sizes: Sizes) -> dict[str, Callable[..., Any]]:
    """Jinja's filters, checking first when a filter could make more than the limits allow."""

    @jinja2.pass_eval_context
    def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        text = str(s)
        predicted = replaced_length(text, str(old), str(new), -1 if count is None else count)
        if predicted is not None:
            sizes.text(predicted)
        return jinja_filters.do_replace(eval_ctx, s, old, new, count)

    def center(value: Any, width: Any = 80) -> str:
        if is_int(width):
            sizes.text(width)
        return jinja_filters.do_center(value, width)

    def indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> str:
        text = str(s)
        step = width if is_int(width) else len(str(width))
        sizes.text(len(text) + (text.count("\n") + 1) * max(step, 0))
        return jinja_filters.do_indent(s, width, first, blank)

    def format_(value: Any, *args: Any, **kwargs: Any) -> str:
        sizes.printf(str(value), kwargs or args)
        return sizes.value(jinja_filters.do_format(value, *args, **kwargs))

    @jinja2.pass_environment
    def wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> str:
        text = str(s)
        wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
        breaks = len(text) + 1
        sizes.text(len(text) + breaks * len(str(wrapstring or environment.newline_sequence)))
        return jinja_filters.do_wordwrap(environment, s, width, *args, **kwargs)

    def batch(value: Any, linecount: Any, fill_with: Any = None) -> Iterator[list[Any]]:
        if fill_with is not None and is_int(linecount):
            sizes.items(linecount)
        return jinja_filters.do_batch(value, linecount, fill_with)

    def slice_(value: Any, slices: Any, fill_with: Any = None) -> Iterator[list[Any]]:
        if is_int(slices):
            sizes.items(slices)  # one list per slice, even an empty one
        return jinja_filters.sync_do_slice(value, slices, fill_with)

    def list_(value: Any) -> list[Any]:
        items = list(itertools.islice(value, sizes.limits.items + 1))
        sizes.items(len(items))
        return items

    @jinja2.pass_eval_context
    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> str:
        items = list(itertools.islice(value, sizes.limits.items + 1))
        sizes.items(len(items))
        texts = sum(len(item) for item in items if isinstance(item, str))
        sizes.text(texts + len(str(d)) * max(len(items) - 1, 0))
        return sizes.value(jinja_filters.sync_do_join(eval_ctx, items, d, attribute))

    @jinja2.pass_environment
    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        items = list(itertools.islice(iterable, sizes.limits.items + 1))
        sizes.items(len(items))
        if attribute is not None:
            items = list(map(jinja_filters.make_attrgetter(environment, attribute), items))
        # Python's sum() copies the growing list at every step: join lists in one go
        if isinstance(start, list | tuple) and all(type(item) is type(start) for item in items):
            sizes.items(len(start) + sum(len(item) for item in items))
            return type(start)(itertools.chain(start, *items))
        return sizes.value(sum(items, start))

    return {
        "replace": replace,
        "center": center,
        "indent": indent,
        "format": format_,
        "wordwrap": wordwrap,
        "batch": batch,
        "slice": slice_,
        "list": list_,
        "join": join,
        "sum": sum_,
    }


# --- where templates come from --------------------------------------------------------------------


class FolderLoader(jinja2.FileSystemLoader):
    """Templates from one folder only: no file outside it, even through a link, and none huge."""

    def __init__(self, folder: Path, max_bytes: int = MAX_TEMPLATE_BYTES) -> None:
        super().__init__(folder)
        self.folder = folder
        self.max_bytes = max_bytes

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))  # refuses `..` and `\`
        try:
            inside = path.resolve().is_relative_to(self.folder.resolve())
            if not (inside and path.is_file()):
                raise jinja2.TemplateNotFound(template)
            if path.stat().st_size > self.max_bytes:
                raise TemplateRefused(too_large(self.max_bytes), file=template)
            raw = path.read_bytes()
            modified = path.stat().st_mtime
        except (OSError, RuntimeError):  # RuntimeError: a loop of links
            raise jinja2.TemplateNotFound(template) from None
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise TemplateRefused(NOT_UTF8, line=line, file=template) from None

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime == modified
            except OSError:
                return False

        return source, str(path), unchanged


NOT_UTF8 = "is not UTF-8 text; save it as UTF-8"


def too_large(max_bytes: int) -> str:
    return f"is too large to be a template (over {max_bytes // 1000} kB)"
