"""How much a user template may build, and for how long: the accounting behind `sandbox`.

Every check runs before the work it guards where the size can be known in advance (`'x' * n`,
`center(n)`, `replace`), so a refused template never allocates what it asked for. Breaking a
limit raises `TemplateRefused` with a message a sales manager can act on.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import string
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from salescoach.errors import SalesCoachError


@dataclass(frozen=True)
class RenderLimits:
    text: int = 2_000_000  # characters of output, or of any one piece of text a template builds
    items: int = 100_000  # items in one list (Jinja's own limit for `range`)
    loop_steps: int = 1_000_000  # loop steps in one render, all loops together
    seconds: float = 2.0  # the studio waits this long at most
    digits: int = 1_000  # digits in one number


class TemplateRefused(SalesCoachError):
    """A user template tried something templates may not do, or grew beyond a limit."""

    def __init__(self, message: str, line: int | None = None, file: str | None = None) -> None:
        super().__init__(message)
        self.line = line  # when known without a traceback, as for a file that is not UTF-8
        self.file = file  # the template the problem is in, when it can be an included one


def _megabytes(characters: int) -> str:
    return f"{characters / 1_000_000:g} MB"


def too_much_output(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template makes more than {_megabytes(limits.text)} of text; a summary is never "
        "that long. Look for a loop that repeats too often."
    )


def _too_much_text(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template builds a piece of text longer than {_megabytes(limits.text)}; a summary "
        "never needs that much. Look for `*`, `~`, `+` or a filter such as `replace` or `center` "
        "that makes text grow."
    )


def _too_many_items(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template builds a list of more than {limits.items:,} items; a summary never needs "
        "that many. Look for `*` or `+` on a list."
    )


def _too_big_a_number(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template computes a number with more than {limits.digits:,} digits; a summary "
        "never needs one. Look for `*` or `**`."
    )


def _too_slow(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template takes more than {limits.seconds:g} seconds to fill in. Look for loops "
        "inside loops."
    )


def _too_many_steps(limits: RenderLimits) -> TemplateRefused:
    return TemplateRefused(
        f"This template repeats its loops more than {limits.loop_steps:,} times. Look for loops "
        "inside loops."
    )


TOO_DEEP = (
    "This template calls a macro inside itself too many times; a macro that calls itself "
    "needs a way to stop."
)


def not_in_folder(name: str) -> TemplateRefused:
    return TemplateRefused(
        f"This template uses `{name}`, which is not a template in the templates folder."
    )


# --- the time and step budget of one render -------------------------------------------------------


class _Budget:
    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _too_slow(self.limits)

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.loop_steps:
            raise _too_many_steps(self.limits)
        self.tick()


# Per render, and per thread: a worker may render while the studio does.
_current: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


@contextlib.contextmanager
def time_budget(limits: RenderLimits) -> Iterator[None]:
    """Count time and loop steps from here; an inner render shares the outer one's budget."""
    if _current.get() is not None:
        yield
        return
    token = _current.set(_Budget(limits))
    try:
        yield
    finally:
        _current.reset(token)


def tick() -> None:
    """Refuse to go on once the time budget is spent."""
    budget = _current.get()
    if budget is not None:
        budget.tick()


def step() -> None:
    """One more loop step."""
    budget = _current.get()
    if budget is not None:
        budget.step()


# --- what one value may hold ----------------------------------------------------------------------


class Sizes:
    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        # digits to bits: log2(10) is about 3.33
        self.max_bits = int(limits.digits * 3.33)

    def text(self, length: int) -> None:
        if length > self.limits.text:
            raise _too_much_text(self.limits)

    def items(self, count: int) -> None:
        if count > self.limits.items:
            raise _too_many_items(self.limits)

    def bits(self, bits: int) -> None:
        if bits > self.max_bits:
            raise _too_big_a_number(self.limits)

    def value(self, value: Any) -> Any:
        """`value` itself, once it is known to be within the limits."""
        if isinstance(value, str | bytes):
            self.text(len(value))
        elif isinstance(value, list | tuple | dict | set | frozenset):
            self.items(len(value))
        elif isinstance(value, int):
            self.bits(value.bit_length())
        return value

    def repeat(self, value: Any, times: Any) -> None:
        """Before `value * times`."""
        if not is_int(times):
            return
        times = max(times, 0)
        if isinstance(value, str | bytes):
            self.text(len(value) * times)
        elif isinstance(value, list | tuple):
            self.items(len(value) * times)

    def binop(self, operator: str, left: Any, right: Any) -> None:
        if operator == "*":
            if is_int(left) and is_int(right):
                self.bits(left.bit_length() + right.bit_length())
            self.repeat(left, right)
            self.repeat(right, left)
        elif operator == "**":
            if is_int(left) and is_int(right) and right > 0 and abs(left) > 1:
                self.bits(right * left.bit_length())
        elif operator == "+":
            if isinstance(left, str | bytes) and isinstance(right, str | bytes):
                self.text(len(left) + len(right))
            elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
                self.items(len(left) + len(right))
        elif operator == "%" and isinstance(left, str | bytes):
            self.printf(left, right)

    def printf(self, template: str | bytes, arguments: Any) -> None:
        """Before `template % arguments`: a width such as `%999999999s` pads with spaces."""
        text = template.decode("latin-1") if isinstance(template, bytes) else template
        values = arguments if isinstance(arguments, tuple) else (arguments,)
        for match in _PRINTF_WIDTH.finditer(text):
            for width in match.groups():
                if width == "*":
                    for value in values:
                        if is_int(value):
                            self.text(abs(value))
                elif width:
                    self.text(_number(width))
        self.text(len(text) + sum(len(str(value)) for value in values if _is_short(value)))

    def format_spec(self, template: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
        """Before `template.format(...)`: a spec such as `{:>999999999}` pads with spaces."""
        try:
            fields = list(string.Formatter().parse(template))
        except ValueError:
            return  # the real call says what is wrong
        for _, _, spec, _ in fields:
            if not spec:
                continue
            for width in re.findall(r"\d+", spec):
                self.text(_number(width))
            if "{" in spec:  # the width comes from an argument
                named = kwargs.values() if isinstance(kwargs, Mapping) else ()
                for value in [*args, *named]:
                    if is_int(value):
                        self.text(abs(value))


_PRINTF_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_short(value: Any) -> bool:
    return not isinstance(value, int) or value.bit_length() < 10_000


def _number(digits: str) -> int:
    # int() refuses more than 4,300 digits, and anything past 12 digits is too big anyway
    return int(digits) if len(digits) <= 12 else 10**12


# --- string methods a template may call -----------------------------------------------------------


def predicted_length(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """How long the text a growing `str`/`bytes` method can return; None: it cannot grow."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if is_int(owner) and name == "to_bytes":
        length = args[0] if args else kwargs.get("length", 1)
        return length if is_int(length) else None
    if not isinstance(owner, str | bytes):
        return None
    size = len(owner)
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        width = first if first is not None else kwargs.get("width")
        return max(size, width) if is_int(width) else None
    if name == "expandtabs":
        tabsize = first if first is not None else kwargs.get("tabsize", 8)
        tabs = owner.count("\t" if isinstance(owner, str) else b"\t")
        return size + tabs * max(tabsize, 0) if is_int(tabsize) else None
    if name == "replace" and len(args) >= 2:
        return replaced_length(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "join" and isinstance(first, list):
        texts = [len(part) for part in first if isinstance(part, str | bytes)]
        return sum(texts) + size * max(len(first) - 1, 0)
    if name == "translate" and first is not None:
        values = first.values() if isinstance(first, Mapping) else first
        longest = max((len(v) for v in values if isinstance(v, str | bytes)), default=1)
        return size * max(longest, 1)
    return None


def replaced_length(text: Any, old: Any, new: Any, count: Any) -> int | None:
    same_kind = all(isinstance(part, str) for part in (text, old, new)) or all(
        isinstance(part, bytes) for part in (text, old, new)
    )
    if not same_kind or not is_int(count):
        return None
    found = text.count(old) if old else len(text) + 1  # "" is found between every character
    if count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)
