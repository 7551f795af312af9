"""Hand the summary to the rep's mail client: a `mailto:` URL when short, else an `.eml` draft.

The rep presses send; we never send mail. A `mailto:` body is cut by mail clients somewhere past
1,600-2,000 characters, so a longer summary goes into an `.eml` file with `X-Unsent: 1`, which
Outlook opens as an editable draft rather than as a received message.

Everything that ends up in a header (names, addresses, subject, file names) may come from what a
rep typed or pasted, so it is sanitised here: no line break can ever start a new header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import quote

from salescoach.reports.filenames import safe_filename

MAILTO_LIMIT = 1500
"""Most characters of percent-encoded body a `mailto:` URL carries (clients cut at ~1,600-2,000)."""

# Deliberately narrower than RFC 5322: real addresses never need quoting, comments or `?&%#`,
# and refusing those keeps a pasted "a@b.com?bcc=x" from adding recipients to a mailto: URL.
# `[^\W_]` is any Unicode letter or digit, so internationalised addresses still pass.
_ATOM = r"(?:[^\W_]|[!$'*+\-/=^_`{|}~])+"
_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
_MAX_ADDRESS = 254  # RFC 5321's limit on a forward path
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")  # RFC 6838

# Categories that can break or fake a header line: controls (CR, LF, NUL, NEL ...) and the
# Unicode line/paragraph separators that str.splitlines() and some parsers treat as newlines.
_BREAKING = {"Cc", "Zl", "Zp"}


def valid_address(address: str) -> str | None:
    """`address` without surrounding blanks if it is a plain, safe addr-spec, else None."""
    candidate = address.strip()
    if len(candidate) > _MAX_ADDRESS or not _ADDRESS.fullmatch(candidate):
        return None
    return candidate


def header_text(value: str) -> str:
    """One line of header text: every control or line-breaking character becomes a space."""
    cleaned = "".join(" " if unicodedata.category(char) in _BREAKING else char for char in value)
    # The email package decodes RFC 2047 words ("=?utf-8?q?Eve=0D=0ABcc:...?=") in a value it is
    # given, and Pythons without the CVE-2024-6923 fix (3.11.7 is one) write what they decode to,
    # line breaks included, back out raw. No one types "=?" in a name or a subject: split it.
    return " ".join(cleaned.split()).replace("=?", "= ?")


def _crlf(text: str) -> str:
    # RFC 6068 section 5: line breaks in a mailto: body are encoded as %0D%0A.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(to: Sequence[str], subject: str, body: str) -> str | None:
    """A `mailto:` URL (RFC 6068), or None when the encoded body exceeds `MAILTO_LIMIT`.

    Invalid addresses are dropped (the rep sees the To field before sending). None tells the
    caller to make an `.eml` draft instead.
    """
    encoded_body = quote(_crlf(body), safe="")
    if len(encoded_body) > MAILTO_LIMIT:
        return None
    addresses = [valid for address in to if (valid := valid_address(address))]
    # safe="@" only: everything else, `+` and `,` included, is percent-encoded.
    recipients = ",".join(quote(address, safe="@") for address in addresses)
    fields = []
    if subject:
        fields.append("subject=" + quote(header_text(subject), safe=""))
    if body:
        fields.append("body=" + encoded_body)
    return f"mailto:{recipients}" + ("?" + "&".join(fields) if fields else "")


def _address(name: str, address: str) -> Address | None:
    valid = valid_address(address)
    if valid is None:
        return None
    return Address(display_name=header_text(name), addr_spec=valid)


def _attachment_name(filename: str) -> str:
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    return safe_filename(stem, extension)


def build_eml(
    *,
    sender: tuple[str, str] | None,
    to: Sequence[tuple[str, str]],
    subject: str,
    text: str,
    html: str | None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bytes:
    """An unsent RFC 5322 draft: text (+ HTML alternative) and attachments, CRLF line endings.

    `sender` and `to` are (display name, address) pairs; invalid addresses are dropped.
    `attachments` are (file name, data, MIME type such as "application/pdf").
    """
    # SMTP = the default (modern) policy with CRLF line endings, which .eml readers expect.
    message = EmailMessage(policy=policy.SMTP)
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft the rep can edit and send
    message["Date"] = formatdate(localtime=True)
    if sender is not None and (from_address := _address(*sender)) is not None:
        message["From"] = from_address
    recipients = [found for name, address in to if (found := _address(name, address))]
    if recipients:
        message["To"] = recipients
    message["Subject"] = header_text(subject)
    # Quoted-printable keeps the file 7-bit ASCII with short lines whatever the summary holds.
    message.set_content(text, cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    for filename, data, mime_type in attachments:
        mime_type = mime_type.strip().lower()
        if not _MIME_TYPE.fullmatch(mime_type):
            mime_type = "application/octet-stream"
        maintype, _, subtype = mime_type.partition("/")
        message.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=_attachment_name(filename)
        )
    return message.as_bytes()
