"""Turn a meeting into a needs summary, or a prospect into a first letter, and hand it off:
draft, final copy, files, mail.

Templates come in families that share a name, one file per format:
`client-summary.html.j2`, `client-summary.txt.j2`. The first line names the family:
`{# title: Client needs summary | audience: client #}`. A family that needs no meeting says so:
`{# title: First-contact letter | audience: client | needs: prospect #}`; only those are offered
for a prospect who has had no meeting yet.
A user (or team) folder adds families or overrides a shipped file of the same name.

Every method that reads or writes one summary takes what it is about: an `About`, or (as
before letters existed) a plain interview id, which means that meeting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salescoach.errors import FileProblem, InvalidFile, SalesCoachError
from salescoach.reports import TEMPLATE_SUFFIX
from salescoach.storage.clock import now_iso
from salescoach.storage.database import explained_reads, write_transaction
from salescoach.storage.summaries import SummaryRepository

if TYPE_CHECKING:
    import jinja2

    from salescoach.services.cycle import CycleService
    from salescoach.services.interviews import InterviewService
    from salescoach.services.settings import SettingsService

TEXT_FORMATS = ("html", "txt", "md")
EXPORT_FORMATS = (*TEXT_FORMATS, "pdf", "eml")
_HEADER = re.compile(r"\{#(?P<body>[^#]*)#\}")
_HEADER_PART = re.compile(r"^\s*(?P<key>\w+)\s*:\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class About:
    """What a summary is written about: a meeting, or a prospect who has had none yet."""

    kind: str  # "meeting" or "prospect"
    id: int  # the interview id or the prospect id

    @classmethod
    def meeting(cls, interview_id: int) -> About:
        return cls("meeting", interview_id)

    @classmethod
    def prospect(cls, prospect_id: int) -> About:
        return cls("prospect", prospect_id)

    @classmethod
    def of(cls, target: int | About) -> About:
        """`target` itself, or the meeting with that interview id."""
        return target if isinstance(target, About) else cls.meeting(target)

    @property
    def is_prospect(self) -> bool:
        return self.kind == "prospect"


@dataclass(frozen=True)
class TemplateFamily:
    name: str  # such as client-summary
    title: str
    audience: str  # client or internal
    formats: tuple[str, ...]  # html, txt, md: those that exist
    needs: str = "meeting"  # "prospect": renders from the prospect alone, before any meeting

    @property
    def preferred_format(self) -> str:
        return self.formats[0]

    @property
    def plain_format(self) -> str:
        """The version a mail's plain-text part is made from."""
        return "txt" if "txt" in self.formats else self.preferred_format


@dataclass(frozen=True)
class SentLetter:
    at: str  # when it was marked sent (ISO time, UTC)
    touch_logged: bool  # False: today's touch log had it already (marked sent twice)


class SummaryService:
    """Jinja loads on the first summary, not at start-up; so does the summary view-model,
    which reads the playbook model (pydantic)."""

    def __init__(
        self,
        shipped_dir: Path,
        user_dir: Path | None,
        interviews: InterviewService | None = None,
        settings: SettingsService | None = None,
        summaries: SummaryRepository | None = None,
    ) -> None:
        self.shipped_dir = shipped_dir
        self.user_dir = user_dir
        self.interviews = interviews
        self.settings = settings
        self.summaries = summaries

    # --- templates ------------------------------------------------------------------------------

    @cached_property
    def _shipped(self) -> jinja2.Environment:
        from salescoach.reports.render import shipped_environment

        return shipped_environment(self.shipped_dir)

    @cached_property
    def _user(self) -> jinja2.Environment | None:
        from salescoach.reports.render import user_environment

        return user_environment(self.user_dir) if self.user_dir else None

    def use_user_folder(self, user_dir: Path | None) -> None:
        """The templates folder changed in Settings: forget the old environment."""
        self.user_dir = user_dir
        self.__dict__.pop("_user", None)

    def _files(self) -> dict[str, Path]:
        """File name -> path; a user file overrides the shipped one of the same name."""
        files = {path.name: path for path in self.shipped_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        if self.user_dir and self.user_dir.is_dir():
            files |= {path.name: path for path in self.user_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        return files

    def template_names(self) -> list[str]:
        return sorted(self._files())

    def families(self, prospect_only: bool | None = None) -> list[TemplateFamily]:
        """Every family, client ones first. `prospect_only` True: only those for a prospect
        without a meeting (a first-contact letter); False: only those written from a meeting."""
        grouped: dict[str, dict[str, Path]] = {}
        for file_name, path in self._files().items():
            stem = file_name.removesuffix(TEMPLATE_SUFFIX)
            name, _, fmt = stem.rpartition(".")
            if name and fmt in TEXT_FORMATS:
                grouped.setdefault(name, {})[fmt] = path
        families = []
        for name, paths in grouped.items():
            formats = tuple(fmt for fmt in TEXT_FORMATS if fmt in paths)
            title, audience, needs = _title_of(paths[formats[0]], name)
            if prospect_only is not None and prospect_only != (needs == "prospect"):
                continue
            families.append(TemplateFamily(name, title, audience, formats, needs))
        return sorted(families, key=lambda family: (family.audience != "client", family.title))

    def family(self, name: str) -> TemplateFamily:
        for family in self.families():
            if family.name == name:
                return family
        raise SalesCoachError(
            f"There is no template called {name!r}. Known: "
            + ", ".join(family.name for family in self.families())
        )

    def render(self, file_name: str, view_model: Mapping[str, Any]) -> str:
        """Render one template file; a broken one raises InvalidFile with file:line."""
        import jinja2

        from salescoach.reports.render import render, template_problem

        use_user = (
            self._user is not None and self.user_dir and (self.user_dir / file_name).is_file()
        )
        environment = self._user if use_user else self._shipped
        try:
            return render(environment, file_name, view_model)
        except jinja2.TemplateNotFound:
            raise KeyError(file_name) from None
        except Exception as error:  # a template can fail in any way; it must not stop the app
            path = self._files().get(file_name, Path(file_name))
            raise InvalidFile([template_problem(error, path)]) from None

    # --- a meeting's summary --------------------------------------------------------------------

    def _require(self) -> tuple[InterviewService, SettingsService, SummaryRepository]:
        if self.interviews is None or self.settings is None or self.summaries is None:
            raise RuntimeError("SummaryService was built without its meeting services")
        return self.interviews, self.settings, self.summaries

    def model(self, target: int | About) -> dict[str, Any]:
        about = About.of(target)
        if about.is_prospect:
            return self.prospect_model(about.id)
        interviews, settings, summaries = self._require()
        with explained_reads(summaries.db):  # the rep's profile lives in the same file
            return interviews.summary_model(about.id, settings.profile())

    def prospect_model(self, prospect_id: int) -> dict[str, Any]:
        """The view-model of a prospect who has had no meeting yet: the meeting's parts empty."""
        from salescoach.domain.summary import build_letter

        interviews, settings, summaries = self._require()
        prospects = interviews.prospects
        with explained_reads(summaries.db):
            return build_letter(
                prospect=prospects.get(prospect_id),
                people=prospects.people(prospect_id),
                rep=settings.profile(),
            )

    def draft(
        self, target: int | About, name: str, fmt: str, model: Mapping[str, Any] | None = None
    ) -> str:
        if model is None:
            model = self.model(target)
        return self.render(f"{name}.{fmt}{TEMPLATE_SUFFIX}", model)

    def final(self, target: int | About, name: str, fmt: str) -> str | None:
        about = About.of(target)
        stored = self._require()[2].get(about.id, name, fmt, about.kind)
        return stored["final_text"] if stored else None

    def text(
        self, target: int | About, name: str, fmt: str, model: Mapping[str, Any] | None = None
    ) -> str:
        """What goes out: the rep's edited copy when there is one, else the fresh draft."""
        final = self.final(target, name, fmt)
        return final if final is not None else self.draft(target, name, fmt, model)

    def save_final(self, target: int | About, name: str, fmt: str, text: str | None) -> None:
        """Keep the rep's edits (None goes back to the generated draft)."""
        about = About.of(target)
        self._require()[2].save_final(about.id, name, fmt, text, about.kind)

    def mark_sent(self, target: int | About, name: str, fmt: str, when: str | None = None) -> str:
        stamp = when or now_iso()
        about = About.of(target)
        self._require()[2].mark_sent(about.id, name, fmt, stamp, about.kind)
        return stamp

    def mark_letter_sent(
        self, prospect_id: int, name: str, fmt: str, channel: str, cycle: CycleService
    ) -> SentLetter:
        """The letter went out: record when, and log it as a touch on the prospect (dated
        today, by `channel`: letter or email) so the Contact step shows it. Both or neither.
        Marking the same letter sent again the same day by the same channel logs no second
        touch: a double click is not a second letter."""
        _, _, summaries = self._require()
        family = self.family(name)
        stamp = now_iso()
        touch = {
            "happened_on": date.today().isoformat(),  # the rep's calendar day
            "channel": channel,
            "purpose": family.title,
        }
        with write_transaction(summaries.db):
            summaries.mark_sent(prospect_id, name, fmt, stamp, "prospect")
            logged = cycle.entries("touches", prospect_id)
            new_touch = not any(
                all(entry.get(k) == v for k, v in touch.items()) for entry in logged
            )
            if new_touch:
                cycle.add("touches", prospect_id, touch)
        return SentLetter(stamp, new_touch)

    def sent_at(self, target: int | About, name: str, fmt: str) -> str | None:
        about = About.of(target)
        stored = self._require()[2].get(about.id, name, fmt, about.kind)
        return stored["sent_at"] if stored else None

    # --- hand-off -------------------------------------------------------------------------------

    def suggested_filename(self, target: int | About, name: str, fmt: str) -> str:
        from salescoach.reports.filenames import safe_filename

        about = About.of(target)
        model = self.model(about)
        # A letter is dated the day it is written; a summary by its meeting.
        when = date.today().isoformat() if about.is_prospect else model["meeting"]["date_iso"]
        stem = f"{model['prospect']['company']} {name} {when}".strip()
        return safe_filename(stem, fmt)

    def export(
        self, target: int | About, name: str, fmt: str, output: Path, attach_pdf: bool = False
    ) -> Path:
        """Write the summary as html, txt, md, pdf or eml to `output`."""
        if fmt not in EXPORT_FORMATS:
            raise SalesCoachError(f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        family = self.family(name)
        data = self._export_bytes(target, family, fmt, attach_pdf)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(data)
        except OSError as error:
            raise SalesCoachError(f"Cannot write {output}: {error.strerror}") from None
        return output

    def _export_bytes(
        self, target: int | About, family: TemplateFamily, fmt: str, attach_pdf: bool
    ) -> bytes:
        if fmt in TEXT_FORMATS:
            if fmt not in family.formats:
                raise SalesCoachError(
                    f"The template {family.name!r} has no {fmt} version; "
                    f"it has {', '.join(family.formats)}"
                )
            return self.text(target, family.name, fmt).encode("utf-8")
        if fmt == "pdf":
            from salescoach.reports.pdf import html_to_pdf_bytes

            return html_to_pdf_bytes(self._as_html(target, family))
        return self._eml(target, family, attach_pdf)

    def _as_html(
        self, target: int | About, family: TemplateFamily, model: Mapping[str, Any] | None = None
    ) -> str:
        if "html" in family.formats:
            return self.text(target, family.name, "html", model)
        from html import escape

        plain = self.text(target, family.name, family.preferred_format, model)
        return f"<pre style='white-space: pre-wrap; font-family: sans-serif'>{escape(plain)}</pre>"

    def _eml(self, target: int | About, family: TemplateFamily, attach_pdf: bool) -> bytes:
        from salescoach.reports.email_draft import build_eml

        model = self.model(target)  # built once for every part of the draft
        text = self.text(target, family.name, family.plain_format, model)
        html = self.text(target, family.name, "html", model) if "html" in family.formats else None
        attachments = []
        if attach_pdf:
            from salescoach.reports.pdf import html_to_pdf_bytes

            pdf_name = self.suggested_filename(target, family.name, "pdf")
            pdf = html_to_pdf_bytes(self._as_html(target, family, model))
            attachments.append((pdf_name, pdf, "application/pdf"))
        rep = model["rep"]
        recipients = [(p["name"], p["email"]) for p in model["people"] if p.get("email")]
        subject, text = split_subject(text, _default_subject(model))
        return build_eml(
            sender=(rep["name"], rep["email"]) if rep.get("email") else None,
            to=recipients[:1],
            subject=subject,
            text=text,
            html=html,
            attachments=attachments,
        )

    def mail_link(self, target: int | About, name: str) -> str | None:
        """A mailto: link when the plain text fits in one; None means use an .eml draft."""
        from salescoach.reports.email_draft import mailto_url

        family = self.family(name)
        model = self.model(target)
        recipients = [p["email"] for p in model["people"] if p.get("email")][:1]
        text = self.text(target, name, family.plain_format, model)
        subject, body = split_subject(text, _default_subject(model))
        return mailto_url(recipients, subject, body)

    def check_user_templates(self) -> list[FileProblem]:
        """Syntax problems in the team's templates, to show instead of failing later."""
        if not self.user_dir or not self.user_dir.is_dir():
            return []
        paths = sorted(self.user_dir.glob(f"*{TEMPLATE_SUFFIX}"))
        if not paths:  # the usual case: Jinja need not load for an empty folder
            return []
        from salescoach.reports.render import template_syntax_problems

        return [problem for path in paths for problem in template_syntax_problems(path)]


def letter_gaps(model: Mapping[str, Any]) -> list[str]:
    """What a letter to a prospect still lacks, from its view-model: one line each, saying where
    the rep fills it in. Empty when the letter has everything it can use."""
    prospect = model["prospect"]
    gaps = []
    if not prospect.get("reason_to_meet"):
        gaps.append("No reason to meet yet: the value a first meeting has for them (Contact tab).")
    if not prospect.get("hypothesis"):
        gaps.append("No need hypothesis yet (Target tab): the letter stays general.")
    if not prospect.get("agenda_items"):
        gaps.append("No agenda yet (Contact tab): the letter proposes a general one.")
    return gaps + hand_off_gaps(model, "letter")


def hand_off_gaps(model: Mapping[str, Any], document: str) -> list[str]:
    """Who a client document goes to and who it is from, where the view-model lacks them: one
    line each, saying where the rep fills it in. `document` names it ('letter', 'summary')."""
    people, rep = model["people"], model["rep"]
    gaps = []
    if not people:
        gaps.append(f'Nobody to write to yet (Target tab): the {document} opens with "Hello,".')
    elif not any(person.get("email") for person in people):
        who = people[0]["name"] if len(people) == 1 else "anyone there"
        gaps.append(f"No email address for {who} (Target tab): the email draft has no recipient.")
    if not rep.get("name"):
        gaps.append(f"Your name is not in Settings: the {document} does not say who writes.")
    return gaps


def split_subject(text: str, default: str) -> tuple[str, str]:
    """A plain-text template may open with `Subject: ...`: in mail that line is the header."""
    first, newline, rest = text.partition("\n")
    if first.startswith("Subject:") and newline:
        return first.removeprefix("Subject:").strip() or default, rest.lstrip("\n")
    return default, text


def _default_subject(model: Mapping[str, Any]) -> str:
    return model.get("subject") or f"{model['prospect']['company']}: summary"


def _title_of(path: Path, fallback: str) -> tuple[str, str, str]:
    """(title, audience, needs) from the first line: `{# title: ... | audience: ... #}`, with
    an optional `| needs: prospect` for a family that renders before any meeting. The parts may
    come in any order; a missing title falls back to the family name."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            first = handle.readline(500)  # the title line; never a whole huge file
    except (OSError, UnicodeDecodeError):
        first = ""
    header = _HEADER.search(first)
    parts = {}
    for part in header.group("body").split("|") if header else []:
        match = _HEADER_PART.match(part)
        if match and match.group("value"):
            parts.setdefault(match.group("key").lower(), match.group("value"))
    if "title" not in parts:
        return fallback.replace("-", " ").capitalize(), "client", "meeting"
    audience = parts.get("audience", "client").split()[0].lower()
    needs = "prospect" if parts.get("needs", "").lower() == "prospect" else "meeting"
    return parts["title"], audience, needs
