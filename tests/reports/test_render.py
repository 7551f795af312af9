"""Shipped templates render strictly for every shipped playbook; HTML escapes what people typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import resources
from salescoach.reports.render import check_template_file, render, shipped_environment
from salescoach.services.checks import sample_summary
from salescoach.services.playbooks import PlaybookService

LIBRARY = PlaybookService.shipped_only().library()
TEMPLATES = sorted(path.name for path in resources.templates_dir().glob("*.j2"))


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("playbook_id", sorted(LIBRARY.playbooks))
@pytest.mark.parametrize("fraction", [1.0, 0.5, 0.0])
def test_shipped_templates_render_complete_and_partial_meetings(
    template: str, playbook_id: str, fraction: float
) -> None:
    model = sample_summary(LIBRARY.get(playbook_id), fraction)
    text = render(shipped_environment(resources.templates_dir()), template, model)
    assert "Example Manufacturing Ltd" in text
    if _audience(template) == "client":  # internal notes and the CRM note ask nobody to correct
        assert "correct me" in text
    assert "Undefined" not in text
    assert "None" not in text


def _audience(template: str) -> str:
    first_line = (resources.templates_dir() / template).read_text(encoding="utf-8").splitlines()[0]
    return first_line.split("audience:", 1)[1].split("|")[0].strip(" #}")


def test_html_summary_escapes_everything_people_typed() -> None:
    hostile = '<script>alert("x")</script> & "quotes" \'single\''
    model = sample_summary(LIBRARY.get("collaborative-discovery"))
    model["prospect"]["company"] = hostile
    model["people"][0]["name"] = hostile
    model["needs"][0]["statement"] = hostile
    for items in model["slots"].values():
        for item in items:
            item["answer"] = hostile
            item["quote"] = hostile
    html = render(shipped_environment(resources.templates_dir()), "client-summary.html.j2", model)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; &#34;quotes&#34;" in html
    text = render(shipped_environment(resources.templates_dir()), "client-summary.txt.j2", model)
    assert hostile in text  # plain text is not HTML: it must keep the words as typed


def test_template_syntax_errors_name_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt.j2"
    broken.write_text("Hello {{ prospect.company }}\n\n{% if needs %}\nno end\n", encoding="utf-8")
    (problem,) = check_template_file(broken, sample_summary(LIBRARY.get("bant")))
    assert problem.line == 4
    assert str(problem).startswith(f"{broken}:4: template syntax:")


def test_template_render_errors_name_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "typo.txt.j2"
    broken.write_text("Hello {{ prospect.company }}\n{{ prospect.compnay }}\n", encoding="utf-8")
    (problem,) = check_template_file(broken, sample_summary(LIBRARY.get("bant")))
    assert problem.line == 2
    assert "compnay" in problem.message
