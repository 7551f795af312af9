"""The summary handed to the mail client: mailto: URLs and .eml drafts, safe from injection."""

from __future__ import annotations

import email.policy
import random
from email.message import EmailMessage
from email.parser import BytesParser
from urllib.parse import unquote

import pytest

from salescoach.reports.email_draft import MAILTO_LIMIT, build_eml, mailto_url

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

HOSTILE = [
    "Eve\r\nBcc: victim@example.com",
    "Eve\nBcc: victim@example.com",
    "Eve\rBcc: victim@example.com",
    "Eve\x00\r\nBcc: victim@example.com",
    "Eve\x85Bcc: victim@example.com",  # NEL: a line break to str.splitlines()
    "Eve\u2028Bcc: victim@example.com",
    "Eve\x0bBcc: victim@example.com",
    "Eve\r\n\r\nBcc: victim@example.com",  # a blank line would end the headers
    "=?utf-8?q?Eve=0D=0ABcc:_victim@example.com?=",  # an encoded word hiding a line break
]


# A text-only draft carries these headers and no others: nothing smuggled in.
DRAFT_HEADERS = {"X-Unsent", "Date", "From", "To", "Subject", "MIME-Version", "Content-Type"}


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def text_of(part: EmailMessage | None) -> str:
    """A text part's content with the .eml's CRLF line endings read as newlines."""
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


def draft(**overrides: object) -> EmailMessage:
    arguments: dict = {
        "sender": ("Sam Rep", "sam@ourcompany.example"),
        "to": [("Dana Example", "dana@example.com")],
        "subject": "Our conversation",
        "text": "Dear Dana,\n\nThank you.\n",
        "html": "<p>Dear Dana,</p><p>Thank you.</p>",
    }
    arguments.update(overrides)
    return parse(build_eml(**arguments))


def test_eml_is_an_unsent_draft_with_text_and_html_alternatives() -> None:
    message = draft()
    assert message["X-Unsent"] == "1"
    assert message["Date"] is not None
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert text_of(message.get_body(("plain",))) == "Dear Dana,\n\nThank you.\n"
    assert "<p>Thank you.</p>" in message.get_body(("html",)).get_content()
    assert message["From"].addresses[0].addr_spec == "sam@ourcompany.example"
    assert message["To"].addresses[0].display_name == "Dana Example"


def test_eml_without_html_is_plain_text() -> None:
    message = draft(html=None)
    assert message.get_content_type() == "text/plain"
    assert not message.is_multipart()
    assert text_of(message) == "Dear Dana,\n\nThank you.\n"


def test_eml_lines_end_in_crlf_and_stay_7bit() -> None:
    data = build_eml(
        sender=None,
        to=[("Jürgen Müller", "j@example.com")],
        subject="Müller & Co: Straße",
        text="Grüße, " + "ä" * 400,
        html="<p>Grüße</p>",
    )
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    data.decode("ascii")  # headers encoded (RFC 2047), bodies quoted-printable
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))  # RFC 5322's hard limit


def test_non_ascii_subject_names_and_bodies_round_trip() -> None:
    text = "Grüße aus Köln — 10 € Rabatt 🙂\n"
    message = draft(
        sender=("Zoë Ørsted", "zoe@example.com"),
        to=[("Jürgen Müller", "j@example.com"), ("Ms. O'Brien, Jr.", "ob@example.com")],
        subject="Müller & Co: Straße",
        text=text,
        html=f"<p>{text}</p>",
    )
    assert message["Subject"] == "Müller & Co: Straße"
    assert message["From"].addresses[0].display_name == "Zoë Ørsted"
    names = [address.display_name for address in message["To"].addresses]
    assert names == ["Jürgen Müller", "Ms. O'Brien, Jr."]
    assert text_of(message.get_body(("plain",))) == text
    assert message.get_body(("plain",)).get_content_charset() == "utf-8"
    assert text in text_of(message.get_body(("html",)))


def test_attachments_make_it_mixed_and_keep_name_and_bytes() -> None:
    message = draft(attachments=[("Müller Summary.pdf", PDF, "application/pdf")])
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "Müller Summary.pdf"
    assert attachment.get_content() == PDF
    assert message["X-Unsent"] == "1"


def test_attachment_with_text_body_only() -> None:
    message = draft(html=None, attachments=[("a.pdf", PDF, "application/pdf")])
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "application/pdf",
    ]


def test_hostile_attachment_names_and_types_are_tamed() -> None:
    message = draft(
        attachments=[("../../x\r\nBcc: victim@example.com.pdf", PDF, "application/pdf\r\nBcc: v")]
    )
    (attachment,) = message.iter_attachments()
    assert "/" not in attachment.get_filename()
    assert "\n" not in attachment.get_filename()
    assert attachment.get_content_type() == "application/octet-stream"
    assert attachment.get_content() == PDF
    assert message["Bcc"] is None


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_header_injection_through_names_or_subject(hostile: str) -> None:
    data = build_eml(
        sender=(hostile, "sam@ourcompany.example"),
        to=[(hostile, "dana@example.com")],
        subject=hostile,
        text="Body",
        html="<p>Body</p>",
    )
    message = parse(data)
    assert message["Bcc"] is None
    assert b"\nBcc:" not in data
    assert message.defects == []
    assert set(message.keys()) == DRAFT_HEADERS
    (recipient,) = message["To"].addresses
    assert recipient.addr_spec == "dana@example.com"
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert text_of(message.get_body(("plain",))) == "Body\n"


def test_no_header_injection_from_random_hostile_text() -> None:
    pieces = [chr(code) for code in range(32)] + ["\x7f", "\x85", "\u2028", "\u2029"]
    pieces += ["=?", "?=", "=?utf-8?q?=0D=0AX-Evil:_1?=", "Bcc: victim@example.com"]
    pieces += ['"', "\\", "<", ">"]
    pieces += [",", ";", ":", "@", "(", ")", " ", "ü", "€", "🙂", "Eve", "\r\n\r\n"]
    rng = random.Random(20261127)
    for _ in range(120):
        hostile = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        data = build_eml(
            sender=(hostile, "sam@ourcompany.example"),
            to=[(hostile, "dana@example.com")],
            subject=hostile,
            text="Body",
            html=None,
        )
        message = parse(data)
        assert set(message.keys()) == DRAFT_HEADERS | {"Content-Transfer-Encoding"}, hostile
        assert [a.addr_spec for a in message["To"].addresses] == ["dana@example.com"], hostile
        assert text_of(message) == "Body\n", hostile


@pytest.mark.parametrize(
    "address",
    [
        "dana@example.com\r\nBcc: victim@example.com",
        "dana@example.com, victim@example.com",
        "Dana <dana@example.com>",
        "dana@example.com?bcc=victim@example.com",
        "dana&bcc=victim@example.com",
        "not an address",
        "",
    ],
)
def test_invalid_addresses_are_dropped_from_drafts(address: str) -> None:
    data = build_eml(
        sender=("Eve", address),
        to=[("Victim", address), ("Dana", "dana@example.com")],
        subject="Hi",
        text="Body",
        html=None,
    )
    message = parse(data)
    assert message["From"] is None
    assert [a.addr_spec for a in message["To"].addresses] == ["dana@example.com"]
    assert b"victim" not in data.lower()
    assert message["Bcc"] is None


def test_addresses_keep_working_after_trimming_blanks() -> None:
    message = draft(to=[("Dana", "  dana@example.com\r\n")])
    assert message["To"].addresses[0].addr_spec == "dana@example.com"


# --- mailto: -------------------------------------------------------------------------------


def split_mailto(url: str) -> tuple[str, dict[str, str]]:
    assert url.startswith("mailto:")
    path, _, query = url.removeprefix("mailto:").partition("?")
    fields = {}
    for pair in query.split("&") if query else []:
        key, _, value = pair.partition("=")
        fields[key] = value
    return path, fields


def test_mailto_encodes_subject_and_body() -> None:
    url = mailto_url(["dana@example.com"], "Müller & Co? #1", "50% off & more?\nLine #2")
    assert url is not None
    path, fields = split_mailto(url)
    assert path == "dana@example.com"
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == "M%C3%BCller%20%26%20Co%3F%20%231"
    assert fields["body"] == "50%25%20off%20%26%20more%3F%0D%0ALine%20%232"
    assert unquote(fields["body"]) == "50% off & more?\r\nLine #2"
    assert "#" not in url and " " not in url and "\n" not in url


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_mailto_newlines_are_crlf(newline: str) -> None:
    url = mailto_url([], "", f"one{newline}two{newline}")
    assert url == "mailto:?body=one%0D%0Atwo%0D%0A"


def test_mailto_subject_cannot_carry_header_lines() -> None:
    url = mailto_url([], "Hi\r\nBcc: victim@example.com", "")
    assert url == "mailto:?subject=Hi%20Bcc%3A%20victim%40example.com"


def test_mailto_keeps_several_valid_recipients_and_drops_smuggling() -> None:
    url = mailto_url(
        [
            "dana@example.com",
            "a+tag@sub.example.org",
            "dana@example.com?bcc=victim@example.com",
            "dana@example.com&bcc=victim@example.com",
            "victim@example.com\r\nbcc:x@example.com",
            "Dana <dana@example.com>",
            "x@y",
            "jürgen@müller.example",
        ],
        "Hi",
        "Body",
    )
    assert url is not None
    path, fields = split_mailto(url)
    assert [unquote(address) for address in path.split(",")] == [
        "dana@example.com",
        "a+tag@sub.example.org",
        "jürgen@müller.example",
    ]
    assert set(fields) == {"subject", "body"}
    assert "victim" not in url


def test_mailto_without_recipients_or_fields() -> None:
    assert mailto_url([], "", "") == "mailto:"
    assert mailto_url(["dana@example.com"], "", "") == "mailto:dana@example.com"


def test_mailto_body_exactly_at_the_limit_fits_and_one_more_does_not() -> None:
    assert mailto_url([], "", "a" * MAILTO_LIMIT) == "mailto:?body=" + "a" * MAILTO_LIMIT
    assert mailto_url([], "", "a" * (MAILTO_LIMIT + 1)) is None


def test_mailto_limit_counts_encoded_characters() -> None:
    # "&" encodes to "%26": three characters each.
    assert mailto_url([], "", "&" * (MAILTO_LIMIT // 3)) is not None
    assert mailto_url([], "", "&" * (MAILTO_LIMIT // 3 + 1)) is None
    # "ü" is two UTF-8 bytes, six characters encoded; a newline is "%0D%0A".
    assert mailto_url([], "", "ü" * (MAILTO_LIMIT // 6)) is not None
    assert mailto_url([], "", "ü" * (MAILTO_LIMIT // 6 + 1)) is None
    assert mailto_url([], "", "\n" * (MAILTO_LIMIT // 6 + 1)) is None


def test_a_real_summary_that_is_too_long_asks_for_an_eml() -> None:
    summary = "\n".join(f"- Need {n}: what the client told us, in their words." for n in range(60))
    assert mailto_url(["dana@example.com"], "Summary", summary) is None
