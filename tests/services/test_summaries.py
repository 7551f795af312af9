"""Summaries on a real database: template families, the final copy, sending, and every export."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from salescoach.app import main
from salescoach.errors import InvalidFile, SalesCoachError
from salescoach.services.demo import add_demo_data


@pytest.fixture
def northwind(services) -> int:
    add_demo_data(services)
    services.settings.set_profile(name="Sam Rivera", email="sam@routewise.example")
    prospect = services.prospects.id_for_demo_key("northwind")
    return services.interviews.for_prospect(prospect)[0]["id"]


def test_families_group_formats_and_put_client_templates_first(services) -> None:
    families = services.summaries.families()
    by_name = {family.name: family for family in families}
    assert {"html", "txt"} <= set(by_name["client-summary"].formats)
    assert families[0].audience == "client"
    assert all(family.title for family in families)


def test_the_final_copy_is_kept_apart_from_the_draft(services, northwind) -> None:
    summaries = services.summaries
    draft = summaries.draft(northwind, "client-summary", "txt")
    assert "Northwind Logistics" in draft
    assert summaries.final(northwind, "client-summary", "txt") is None
    summaries.save_final(northwind, "client-summary", "txt", draft + "\nPS: see you Tuesday")
    assert summaries.text(northwind, "client-summary", "txt").endswith("see you Tuesday")
    assert summaries.draft(northwind, "client-summary", "txt") == draft
    summaries.save_final(northwind, "client-summary", "txt", None)
    assert summaries.text(northwind, "client-summary", "txt") == draft


def test_marking_as_sent_records_when(services, northwind) -> None:
    assert services.summaries.sent_at(northwind, "client-summary", "html") is None
    stamp = services.summaries.mark_sent(northwind, "client-summary", "html")
    assert services.summaries.sent_at(northwind, "client-summary", "html") == stamp


@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_text_exports_write_what_the_rep_would_send(services, northwind, tmp_path, fmt) -> None:
    output = services.summaries.export(northwind, "client-summary", fmt, tmp_path / f"s.{fmt}")
    assert "Northwind Logistics" in output.read_text(encoding="utf-8")


# PDF output needs Qt: pytest-qt's `qapp` makes the QApplication the widget tests share,
# rather than the bare QGuiApplication the PDF module would create on its own.


def test_pdf_export(qapp, services, northwind, tmp_path) -> None:
    output = services.summaries.export(northwind, "client-summary", "pdf", tmp_path / "s.pdf")
    assert output.read_bytes().startswith(b"%PDF")


def test_eml_export_is_an_unsent_draft_with_both_parts(qapp, services, northwind, tmp_path) -> None:
    output = services.summaries.export(
        northwind, "client-summary", "eml", tmp_path / "s.eml", attach_pdf=True
    )
    message = email.message_from_bytes(output.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert "Northwind Logistics" in message["Subject"]
    assert message["From"].addresses[0].addr_spec == "sam@routewise.example"
    kinds = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "application/pdf"} <= set(kinds)


def test_a_family_without_the_format_is_explained(services, northwind, tmp_path) -> None:
    with pytest.raises(SalesCoachError, match="has no md version"):
        services.summaries.export(northwind, "client-summary", "md", tmp_path / "s.md")
    with pytest.raises(SalesCoachError, match="no template called"):
        services.summaries.export(northwind, "nonsense", "txt", tmp_path / "s.txt")


def test_a_broken_user_template_names_its_line(services, northwind) -> None:
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "team-note.txt.j2").write_text(
        "{# title: Team note | audience: internal #}\nHello {{ prospect.company }}\n"
        "{{ prospect.company | nosuchfilter }}\n",
        encoding="utf-8",
    )
    services.summaries.use_user_folder(folder)
    assert "team-note" in {family.name for family in services.summaries.families()}
    with pytest.raises(InvalidFile) as raised:
        services.summaries.draft(northwind, "team-note", "txt")
    assert "team-note.txt.j2:3:" in str(raised.value)
    (problem,) = services.summaries.check_user_templates()
    assert problem.line == 3


def test_a_user_template_runs_in_the_sandbox(services, northwind) -> None:
    folder = services.settings.templates_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sneaky.txt.j2").write_text(
        "{{ prospect.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    services.summaries.use_user_folder(folder)
    with pytest.raises(InvalidFile, match=r"unsafe|not safely|access"):
        services.summaries.draft(northwind, "sneaky", "txt")


def test_cli_list_and_export(qapp, tmp_path: Path, capsys) -> None:
    def export(interview: int, template: str, fmt: str, output: Path) -> int:
        return main(
            ["export", "--basedir", str(tmp_path), "--interview", str(interview),
             "--template", template, "--format", fmt, "--output", str(output)]
        )  # fmt: skip

    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--basedir", str(tmp_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    northwind = next(row for row in listed if row["prospect"] == "Northwind Logistics")
    assert northwind["coverage"] == 100 and northwind["outcome"] == "advance"
    assert main(["list", "--basedir", str(tmp_path)]) == 0
    assert "Northwind Logistics" in capsys.readouterr().out
    notes = tmp_path / "notes.md"
    assert export(northwind["id"], "call-notes", "md", notes) == 0
    assert notes.read_text(encoding="utf-8").startswith("#")
    for fmt in ("html", "txt", "pdf", "eml"):
        output = tmp_path / f"out.{fmt}"
        assert export(northwind["id"], "client-summary", fmt, output) == 0
        assert output.stat().st_size > 0
    assert export(999, "client-summary", "txt", tmp_path / "x.txt") == 1
    assert "no meeting with id 999" in capsys.readouterr().err


def test_a_subject_line_in_the_text_becomes_the_mail_header(services, northwind, tmp_path):
    from salescoach.services.summaries import split_subject

    assert split_subject("Subject: Hello there\n\nDear Maria,", "x") == (
        "Hello there",
        "Dear Maria,",
    )
    assert split_subject("Dear Maria,\nSubject: not a header", "Fallback") == (
        "Fallback",
        "Dear Maria,\nSubject: not a header",
    )
    output = services.summaries.export(northwind, "no-fit-note", "eml", tmp_path / "n.eml")
    message = email.message_from_bytes(output.read_bytes(), policy=email.policy.default)
    plain = message.get_body(preferencelist=("plain",)).get_content()
    assert not plain.lstrip().startswith("Subject:")
    assert "Northwind Logistics" in message["Subject"]
    link = services.summaries.mail_link(northwind, "crm-note")
    assert link is None or link.startswith("mailto:")
