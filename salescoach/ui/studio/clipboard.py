"""Copy for email: rich HTML and plain text together, so Gmail and Outlook paste it cleanly."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication


def html_of(fmt: str, text: str) -> str:
    """`text` in format `fmt` as HTML a mail program can paste."""
    if fmt == "html":
        return text
    if fmt == "md":
        document = QTextDocument()
        document.setMarkdown(text)
        return document.toHtml()
    return f"<pre style='white-space:pre-wrap; font-family:sans-serif'>{escape(text)}</pre>"


def plain_of(fmt: str, text: str) -> str:
    """`text` in format `fmt` as plain text (HTML loses its markup, the others stay as typed)."""
    if fmt != "html":
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def copy_for_email(html: str, plain: str) -> None:
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText(plain)
    QApplication.clipboard().setMimeData(mime)
