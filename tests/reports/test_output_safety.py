"""Hostile words in every field a rep or a client types cannot get out of their place.

One meeting per hostile string, kept in a real database: the prospect, its person, the meeting
title, every answer with its note and quote, the needs, the next step, the gate reason and the
rep's profile all hold the same string. Then every shipped template renders it, the mail draft
and the `mailto:` link carry it, export file names are made from it and a PDF is printed:

* HTML: no element or attribute that a harmless string of the same shape would not give;
* template syntax typed by a person comes out as typed, never evaluated;
* mail: exactly the expected headers, the stdlib parser reads the draft back, no recipient added;
* `mailto:`: nothing but percent-encoded fields;
* file names: usable on Windows, macOS and Linux, and inside the folder they are saved to.
"""

from __future__ import annotations

import email.policy
import re
import unicodedata
from collections.abc import Iterator
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from salescoach import resources
from salescoach.app import build_services
from salescoach.domain.playbook import QuestionType
from salescoach.domain.samples import sample_answers
from salescoach.paths import DataPaths
from salescoach.reports.email_draft import header_text, mailto_url
from salescoach.reports.pdf import html_to_pdf_bytes
from salescoach.services.container import Services

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "single-quoted-attribute": "' onmouseover='alert(1)' x='",
    "comment-and-cdata": "<!-- --><![CDATA[ x ]]><?php ?>",
    "entity": "&lt;script&gt; &amp; &#60;b&#62;",
    "template-syntax": "{{ 7*191 }}{% for x in range(3) %}loop{% endfor %}{# c #}",
    "header-crlf": "x\r\nBcc: evil@example.com",
    "header-lf-and-body": "x\nBcc: evil@example.com\n\nInjected body",
    "encoded-word": "=?utf-8?q?Eve=0D=0ABcc:_evil@example.com?=",
    "nul": "before\x00after",
    "right-to-left-override": "invoice\u202efdp.exe",
    "very-long": "Wolfeschlegelsteinhausenbergerdorff " * 200,
    "path": "../../etc/passwd",
    "windows-device": "CON",
    "windows-device-with-extension": "NUL.txt",
    "forbidden-characters": 'a/b\\c:d*e?f"g<h>i|j',
    "javascript-url": "javascript:alert(document.cookie)",
    "mailto-smuggling": "a@b.example?bcc=evil@example.com&body=x",
}
HTML_TEMPLATES = sorted(p.name for p in resources.templates_dir().glob("*.html.j2"))
TEXT_TEMPLATES = sorted(
    p.name for p in resources.templates_dir().glob("*.j2") if not p.name.endswith(".html.j2")
)
FAMILIES = sorted({name.split(".")[0] for name in HTML_TEMPLATES + TEXT_TEMPLATES})
EVALUATED = "1337"  # what `{{ 7*191 }}` would give
CLIENT_EMAIL = "dana@example.com"
REP_EMAIL = "sam@routewise.example"
DRAFT_HEADERS = {"X-Unsent", "Date", "From", "To", "Subject", "MIME-Version", "Content-Type"}
PART_HEADERS = {"Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version"}


def same_shape(text: str) -> str:
    """Harmless letters where `text` has anything but blanks, line breaks and `;`.

    Templates turn line breaks and `;` into structure (a signature's lines, a list of next
    steps, which also drops repeats), so a harmless string of the same shape, with letters that
    differ from place to place, must give exactly the same markup.
    """
    return "".join(
        char
        if char.isspace() or char == ";" or unicodedata.category(char) in ("Cc", "Zl", "Zp")
        else LETTERS[index % len(LETTERS)]
        for index, char in enumerate(text)
    )


LETTERS = "abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    built = build_services(DataPaths(tmp_path_factory.mktemp("data")))
    yield built
    built.close()


def add_meeting(services: Services, text: str, email: str = CLIENT_EMAIL) -> int:
    """A finished meeting in which every field a person types holds `text`."""
    playbook = services.playbooks.get("collaborative-discovery")
    prospect = services.prospects.add(
        text, industry=text, region=text, hypothesis=text, notes=text, reason_to_meet=text
    )
    services.prospects.add_person(prospect, text, title=text, role="champion", email=email)
    meeting = services.interviews.start(
        prospect, playbook, title=text, started_at="2026-11-20T09:30:00+00:00"
    )
    for question_id, value in sample_answers(playbook).items():
        question = playbook.question(question_id)
        if question.type in (QuestionType.TEXT, QuestionType.LONG_TEXT):
            value = text
        elif question.type == QuestionType.GROUP:
            typed = {f.id for f in question.fields or [] if f.type in ("text", "long_text")}
            value = [
                {key: text if key in typed else cell for key, cell in row.items()} for row in value
            ]
        services.interviews.record(meeting, question_id, "value", value)
        services.interviews.record(meeting, question_id, "note", text)
        services.interviews.record(meeting, question_id, "quote", text)
    for _ in range(2):
        services.interviews.add_need(meeting, text, impact=text, status="confirmed")
    services.interviews.override_gate(meeting, text)
    services.interviews.end(
        meeting, "advance", next_step=text, client_action=text, next_date="2027-01-15"
    )
    return meeting


def as_rep(services: Services, text: str) -> None:
    services.settings.set_profile(
        name=text, title=text, company=text, email=REP_EMAIL, phone=text, signature=text
    )


@pytest.fixture(scope="module")
def meetings(services: Services) -> dict[str, tuple[int, int]]:
    """Per hostile string: (its meeting, a meeting of the same shape in harmless letters)."""
    return {
        name: (add_meeting(services, text), add_meeting(services, same_shape(text)))
        for name, text in HOSTILE.items()
    }


class Markup(HTMLParser):
    """Every tag, attribute and declaration of a page, and its text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[Any, ...]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append(("start-end", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.structure.append(("end", tag))

    def handle_comment(self, data: str) -> None:
        self.structure.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.structure.append(("declaration", decl))

    def handle_pi(self, data: str) -> None:
        self.structure.append(("processing-instruction", data))

    def unknown_decl(self, data: str) -> None:
        self.structure.append(("unknown-declaration", data))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# --- HTML --------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", HTML_TEMPLATES)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_html_gets_no_element_or_attribute_from_what_people_typed(
    services, meetings, name: str, template: str
) -> None:
    hostile, harmless = meetings[name]
    family = template.split(".")[0]
    as_rep(services, HOSTILE[name])
    page = Markup(services.summaries.draft(hostile, family, "html"))
    as_rep(services, same_shape(HOSTILE[name]))
    expected = Markup(services.summaries.draft(harmless, family, "html"))

    assert page.structure == expected.structure
    words = "".join(page.text)
    assert HOSTILE[name].splitlines()[0].strip() in words  # there, as typed, as text
    if name == "template-syntax":
        assert "{{ 7*191 }}" in words and EVALUATED not in words


@pytest.mark.parametrize("template", TEXT_TEMPLATES)
def test_template_syntax_people_type_is_never_evaluated(services, meetings, template) -> None:
    hostile, _ = meetings["template-syntax"]
    as_rep(services, HOSTILE["template-syntax"])
    name, fmt = template.split(".")[:2]
    text = services.summaries.draft(hostile, name, fmt)
    assert "{{ 7*191 }}" in text
    assert EVALUATED not in text and "looploop" not in text


# --- mail ----------------------------------------------------------------------------------------


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=email.policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    assert not message.defects, message.defects
    return message


def assert_no_smuggled_headers(message: EmailMessage) -> None:
    assert set(message.keys()) == DRAFT_HEADERS
    for part in message.walk():
        if part is not message:
            assert set(part.keys()) <= PART_HEADERS, part.keys()
        for value in part.values():
            assert "\r" not in value and "\n" not in value


@pytest.mark.parametrize("name", list(HOSTILE))
def test_an_eml_draft_has_exactly_the_expected_headers(services, meetings, tmp_path, name) -> None:
    hostile, _ = meetings[name]
    as_rep(services, HOSTILE[name])
    path = services.summaries.export(hostile, "client-summary", "eml", tmp_path / "draft.eml")
    message = parse(path.read_bytes())

    assert_no_smuggled_headers(message)
    assert [a.addr_spec for a in message["From"].addresses] == [REP_EMAIL]
    assert [a.addr_spec for a in message["To"].addresses] == [CLIENT_EMAIL]
    assert message["From"].addresses[0].display_name == header_text(HOSTILE[name])
    assert message["To"].addresses[0].display_name == header_text(HOSTILE[name])
    plain = message.get_body(("plain",))
    assert plain is not None
    body = plain.get_content().replace("\r\n", "\n")
    assert HOSTILE[name].replace("\r\n", "\n").splitlines()[0].strip() in body


def test_an_eml_with_a_pdf_of_hostile_words_parses_back(qapp, services, meetings, tmp_path):
    hostile, _ = meetings["header-crlf"]
    as_rep(services, HOSTILE["header-crlf"])
    path = services.summaries.export(
        hostile, "client-summary", "eml", tmp_path / "draft.eml", attach_pdf=True
    )
    message = parse(path.read_bytes())
    assert_no_smuggled_headers(message)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert_safe_filename(attachment.get_filename())


@pytest.mark.parametrize(
    "address",
    [
        f"{CLIENT_EMAIL}\r\nBcc: evil@example.com",
        f"{CLIENT_EMAIL}?bcc=evil@example.com",
        f"Dana <{CLIENT_EMAIL}>, evil@example.com",
        f"{CLIENT_EMAIL}\x00",
        "=?utf-8?q?evil=40example.com?=",
    ],
)
def test_a_typed_address_that_is_not_one_adds_no_recipient(services, tmp_path, address) -> None:
    meeting = add_meeting(services, "Plain words", email=address)
    as_rep(services, "Sam")
    path = services.summaries.export(meeting, "client-summary", "eml", tmp_path / "draft.eml")
    message = parse(path.read_bytes())
    assert "To" not in message
    assert "evil@example.com" not in path.read_text(encoding="ascii")


MAILTO = re.compile(r"mailto:[A-Za-z0-9@%._\-,]*(\?(subject|body)=[A-Za-z0-9%._~\-]*(&body=[A-Za-z0-9%._~\-]*)?)?")  # fmt: skip  # noqa: E501


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_mailto_link_is_percent_encoded(name: str) -> None:
    text = HOSTILE[name][:300]
    url = mailto_url([CLIENT_EMAIL, text, "evil@example.com\r\nx"], text, f"Dear {text},\n{text}")
    assert url is not None
    assert MAILTO.fullmatch(url), url
    parts = urlsplit(url)
    assert unquote(parts.path) == CLIENT_EMAIL  # hostile "addresses" are dropped
    fields = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert fields["subject"] == header_text(text)
    assert fields["body"] == f"Dear {text},\n{text}".replace("\r\n", "\n").replace("\n", "\r\n")


def test_the_mail_links_the_studio_offers_are_percent_encoded(services, meetings) -> None:
    hostile, _ = meetings["mailto-smuggling"]
    as_rep(services, HOSTILE["mailto-smuggling"])
    links = [services.summaries.mail_link(hostile, family) for family in FAMILIES]
    offered = [url for url in links if url is not None]  # None: too long, an .eml instead
    assert offered, "at least the short notes fit in a mailto: link"
    for url in offered:
        assert MAILTO.fullmatch(url), url
        assert unquote(urlsplit(url).path) == CLIENT_EMAIL
        assert {key for key, _ in parse_qsl(urlsplit(url).query)} == {"subject", "body"}


# --- files -------------------------------------------------------------------------------------

WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in range(1, 10)
}


def assert_safe_filename(name: str | None) -> None:
    assert name
    assert len(name.encode("utf-8")) <= 120
    assert not set('<>:"/\\|?*') & set(name)
    assert all(unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp") for char in name)
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))
    assert name.split(".")[0].rstrip(" ").upper() not in WINDOWS_RESERVED
    assert Path(name).name == name


@pytest.mark.parametrize("fmt", ["html", "txt", "pdf", "eml"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_export_file_names_are_safe_everywhere(services, meetings, tmp_path, name, fmt) -> None:
    hostile, _ = meetings[name]
    file_name = services.summaries.suggested_filename(hostile, "client-summary", fmt)
    assert_safe_filename(file_name)
    assert file_name.endswith(f".{fmt}")
    target = tmp_path / file_name
    target.write_bytes(b"x")
    assert [path.name for path in tmp_path.iterdir()] == [file_name]  # in the folder, nowhere else


# --- PDF ---------------------------------------------------------------------------------------


def test_a_pdf_of_every_hostile_string_prints(qapp, services, tmp_path) -> None:
    # Every string at once, and an unbreakable word wider than the page; the very long text
    # in every field of a meeting would only make many pages.
    everything = "\n".join(text for name, text in HOSTILE.items() if name != "very-long")
    meeting = add_meeting(services, everything + "\n" + "W" * 400)
    as_rep(services, everything)
    for family in ("client-summary", "call-notes"):
        path = services.summaries.export(meeting, family, "pdf", tmp_path / f"{family}.pdf")
        assert path.read_bytes().startswith(b"%PDF")
    html = services.summaries.draft(meeting, "first-contact-letter", "html")
    assert html_to_pdf_bytes(html).rstrip().endswith(b"%%EOF")
