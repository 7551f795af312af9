"""Logging to a rotating file in the data folder. Logs never contain what a client said.

Log calls pass only ids, counts and messages SalesCoach wrote itself. Exceptions are the risk:
their messages can echo values (a `ValueError` quoting a typed answer, a validation error showing
its input). So the file handler writes every traceback with its frames but with messages kept only
where they are built from code or are SalesCoach's own words, and even then without anything
quoted; any other message is withheld.
"""

from __future__ import annotations

import logging
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from salescoach.errors import SalesCoachError

LOG_NAME = "salescoach.log"
WITHHELD = "[message withheld: it may quote the client]"

# Built-in errors whose messages Python composes from code (names, types), never from data.
_CODE_ONLY_MESSAGES = (
    AttributeError,
    NameError,
    ZeroDivisionError,
    ImportError,
    NotImplementedError,
    RecursionError,
    TypeError,
    IndexError,
)
# Anything in quotes: a value echoed into a message ("near 'x'", "invalid literal: 'x'").
_QUOTED = re.compile(r"(?<!\w)'[^'\n]*'(?!\w)|\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’")  # noqa: RUF001


def without_quotes(text: str) -> str:
    return _QUOTED.sub("'…'", text)


def describe(error: BaseException) -> str:
    """An exception's message as it may appear in the log."""
    kind = type(error)
    if isinstance(error, SalesCoachError) or kind.__module__ == "sqlite3":
        return without_quotes(str(error))
    if kind in _CODE_ONLY_MESSAGES:
        return without_quotes(str(error))
    if isinstance(error, OSError):
        return error.strerror or WITHHELD  # the file name may be an export named for the client
    return WITHHELD if str(error) else ""


def private_traceback(error: BaseException) -> str:
    """The traceback Python would print (frames, causes), each message as `describe` keeps it."""
    chain: list[tuple[BaseException, str]] = []  # newest first, with how it led to the next
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            chain.append((current, "direct"))
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            chain.append((current, "context"))
            current = current.__context__
        else:
            chain.append((current, ""))
            current = None
    parts: list[str] = []
    for exception, link in reversed(chain):  # oldest first, as Python prints them
        if link:
            parts.append(_LINKS[link])
        frames = traceback.extract_tb(exception.__traceback__)
        if frames:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(frames))
        kind = type(exception)
        name = kind.__qualname__
        if kind.__module__ != "builtins":
            name = f"{kind.__module__}.{name}"
        message = describe(exception)
        parts.append(f"{name}: {message}\n" if message else f"{name}\n")
    return "".join(parts).rstrip("\n")


_LINKS = {
    "direct": "\nThe above exception was the direct cause of the following exception:\n\n",
    "context": "\nDuring handling of the above exception, another exception occurred:\n\n",
}


class PrivateFormatter(logging.Formatter):
    """Formats records with `describe`d exceptions, never reusing another handler's text."""

    def format(self, record: logging.LogRecord) -> str:
        copy = logging.makeLogRecord(record.__dict__)  # other handlers keep the original
        copy.exc_text = None  # a cached traceback would carry full messages
        args = copy.args
        if isinstance(args, tuple):
            args = tuple(describe(a) if isinstance(a, BaseException) else a for a in args)
        try:
            message = str(copy.msg) % args if args else str(copy.msg)
        except (TypeError, ValueError):
            message = str(copy.msg)
        copy.msg, copy.args = without_quotes(message), None
        return super().format(copy)

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        error = ei[1]
        return private_traceback(error) if error is not None else ""


def configure(log_dir: Path | None, verbose: bool = False) -> Path | None:
    """Send log records to `log_dir/salescoach.log`; returns the file, or None if unwritable.
    Configuring again replaces the file this module set up before (None: no file)."""
    root = logging.getLogger("salescoach")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "salescoach_file", False):
            root.removeHandler(handler)
            handler.close()
    if log_dir is None:
        return None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only data folder must not stop the app; the UI says so elsewhere
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.salescoach_file = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return log_dir / LOG_NAME
