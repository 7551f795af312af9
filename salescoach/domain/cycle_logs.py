"""What the rep logs at each step of the cycle around the discovery, described as data.

Each log (touches, concerns, the mutual action plan...) is a list of entries with typed fields.
One description serves storage (which columns to write), the prospect page (which editor to
show) and exports, so a new field is added in one place (plus a migration for its column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # a few lines, in the client's words where it matters
    DATE = "date"  # ISO yyyy-mm-dd
    CHOICE = "choice"
    SCORE = "score"  # 1..5
    NEED = "need"  # one of the prospect's needs, by id
    FLAG = "flag"  # done / not done


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label)
    required: bool = False
    hint: str = ""

    def choice_label(self, value: str | None) -> str:
        return dict(self.choices).get(value or "", value or "")


@dataclass(frozen=True)
class LogKind:
    """One log of entries on a prospect, kept in its own table."""

    key: str  # also the table name
    step: str  # the step of the cycle whose page shows it
    title: str  # "Touch log"
    noun: str  # "touch", for "Add touch"
    fields: tuple[Field, ...]
    summary_fields: tuple[str, ...]  # the columns a list shows
    date_field: str | None = None  # entries are ordered by this date
    soonest_first: bool = False  # plans read from the next due date; logs from the latest
    fixed: dict[str, str] = field(default_factory=dict)  # a stored value shared with another log
    table: str = ""

    @property
    def storage_table(self) -> str:
        return self.table or self.key

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def problems(self, values: dict[str, Any]) -> list[str]:
        """What stops an entry from being kept, in the rep's words; empty when it can be."""
        found = []
        for spec in self.fields:
            value = values.get(spec.name)
            if spec.required and (value is None or str(value).strip() == ""):
                found.append(f"{spec.label} is needed.")
            elif value not in (None, "") and not _valid(spec, value):
                found.append(f"{spec.label}: {value!r} is not a valid choice.")
        return found


def _valid(spec: Field, value: Any) -> bool:
    if spec.kind is FieldKind.CHOICE:
        return value in dict(spec.choices)
    if spec.kind is FieldKind.SCORE:
        return isinstance(value, int) and 1 <= value <= 5
    if spec.kind is FieldKind.DATE:
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return False
        return True
    return True


CHANNELS = (
    ("letter", "Letter"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("visit", "Visit"),
    ("video", "Video call"),
    ("other", "Other"),
)
PLAN_STATUSES = (
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("late", "Late"),
    ("dropped", "Dropped"),
)
AGREEMENT = (("yes", "Agreed"), ("partly", "Partly"), ("no", "Not agreed"))
STEP_CHOICES = (
    ("target", "Target"),
    ("contact", "Contact"),
    ("explore", "Explore"),
    ("collaborate", "Collaborate"),
    ("confirm", "Confirm"),
    ("assure", "Assure"),
)
ISSUE_TYPES = (
    ("selective_perception", "Selective perception (one small flaw seen as the whole)"),
    ("user_error", "User error blamed on the product"),
    ("buyers_remorse", "Buyer's remorse"),
    ("real_defect", "Real defect"),
)

_TOUCH_FIELDS = (
    Field("happened_on", "Date", FieldKind.DATE, required=True),
    Field("channel", "Channel", FieldKind.CHOICE, CHANNELS, required=True),
    Field("purpose", "Purpose", required=True, hint="Why this touch: the value it brings them"),
    Field("outcome", "Outcome", FieldKind.LONG_TEXT),
    Field("promise", "Promise made", hint="What we said we would do"),
    Field("next_action", "Next action"),
    Field("next_action_date", "Next action date", FieldKind.DATE),
    Field("next_action_done", "Next action done", FieldKind.FLAG),
)

TOUCHES = LogKind(
    key="touches",
    step="contact",
    title="Touch log",
    noun="touch",
    fields=_TOUCH_FIELDS,
    summary_fields=("happened_on", "channel", "purpose", "next_action", "next_action_date"),
    date_field="happened_on",
    fixed={"kind": "contact"},
)
CHECK_INS = LogKind(
    key="check_ins",
    table="touches",  # the same form as the touch log, told apart by kind
    step="assure",
    title="Check-ins",
    noun="check-in",
    fields=_TOUCH_FIELDS,
    summary_fields=("happened_on", "channel", "purpose", "next_action", "next_action_date"),
    date_field="happened_on",
    fixed={"kind": "check_in"},
)
APPROACHES = LogKind(
    key="approaches",
    step="collaborate",
    title="Solution map",
    noun="approach",
    fields=(
        Field("need_id", "For the need", FieldKind.NEED, required=True),
        Field("approach", "Proposed approach", FieldKind.LONG_TEXT, required=True),
        Field("reaction", "Client's reaction", FieldKind.LONG_TEXT, hint="In their words"),
        Field("changes_asked", "Changes asked for", FieldKind.LONG_TEXT),
        Field("agreed", "Client agrees it covers the need", FieldKind.CHOICE, AGREEMENT),
    ),
    summary_fields=("need_id", "approach", "agreed"),
)
CONCERNS = LogKind(
    key="concerns",
    step="collaborate",
    title="Concerns",
    noun="concern",
    fields=(
        Field("raised_on", "Raised on", FieldKind.DATE),
        Field("concern", "Concern", FieldKind.LONG_TEXT, required=True, hint="In their words"),
        Field("response", "Our response", FieldKind.LONG_TEXT),
        Field(
            "status",
            "Status",
            FieldKind.CHOICE,
            (("open", "Open"), ("answered", "Answered"), ("resolved", "Resolved")),
            required=True,
        ),
    ),
    summary_fields=("raised_on", "concern", "status"),
    date_field="raised_on",
)
PLAN = LogKind(
    key="action_plan",
    table="plan_items",
    step="collaborate",
    title="Mutual action plan",
    noun="milestone",
    fields=(
        Field("milestone", "Milestone", required=True),
        Field("client_owner", "Client owner"),
        Field("our_owner", "Our owner"),
        Field("due_on", "Due", FieldKind.DATE),
        Field("status", "Status", FieldKind.CHOICE, PLAN_STATUSES, required=True),
    ),
    summary_fields=("milestone", "client_owner", "our_owner", "due_on", "status"),
    date_field="due_on",
    soonest_first=True,
    fixed={"phase": "sale"},
)
DELIVERY = LogKind(
    key="delivery",
    table="plan_items",  # delivery milestones share the plan's form
    step="assure",
    title="Delivery milestones",
    noun="milestone",
    fields=PLAN.fields,
    summary_fields=PLAN.summary_fields,
    date_field="due_on",
    soonest_first=True,
    fixed={"phase": "delivery"},
)
CHECKPOINTS = LogKind(
    key="checkpoints",
    step="confirm",
    title="Agreement checkpoints",
    noun="checkpoint",
    fields=(
        Field("happened_on", "Date", FieldKind.DATE, required=True),
        Field("step", "Step", FieldKind.CHOICE, STEP_CHOICES, required=True),
        Field("topic", "What we checked", required=True),
        Field("agreed", "Agreement", FieldKind.CHOICE, AGREEMENT, required=True),
        Field("note", "Note", FieldKind.LONG_TEXT, hint="Objections as they surfaced"),
    ),
    summary_fields=("happened_on", "step", "topic", "agreed"),
    date_field="happened_on",
)
CRITERIA = LogKind(
    key="criteria",
    step="confirm",
    title="Buying criteria",
    noun="criterion",
    fields=(
        Field("criterion", "Criterion", required=True, hint="What a good solution must do"),
        Field(
            "status",
            "Met",
            FieldKind.CHOICE,
            (("met", "Met"), ("partly", "Partly met"), ("not", "Not met")),
            required=True,
        ),
        Field("note", "Note", FieldKind.LONG_TEXT),
    ),
    summary_fields=("criterion", "status"),
)
PULSES = LogKind(
    key="pulses",
    step="assure",
    title="Satisfaction pulse",
    noun="pulse",
    fields=(
        Field("taken_on", "Date", FieldKind.DATE, required=True),
        Field("score", "Satisfaction (1-5)", FieldKind.SCORE, required=True),
        Field("note", "What they said", FieldKind.LONG_TEXT),
    ),
    summary_fields=("taken_on", "score", "note"),
    date_field="taken_on",
)
ISSUES = LogKind(
    key="issues",
    step="assure",
    title="Issues",
    noun="issue",
    fields=(
        Field("raised_on", "Raised on", FieldKind.DATE, required=True),
        Field("kind", "Type", FieldKind.CHOICE, ISSUE_TYPES, required=True),
        Field("description", "What happened", FieldKind.LONG_TEXT, required=True),
        Field("resolution", "Resolution", FieldKind.LONG_TEXT),
        Field(
            "status",
            "Status",
            FieldKind.CHOICE,
            (("open", "Open"), ("resolved", "Resolved")),
            required=True,
        ),
    ),
    summary_fields=("raised_on", "kind", "description", "status"),
    date_field="raised_on",
)
RESULTS = LogKind(
    key="results",
    step="assure",
    title="Results",
    noun="result",
    fields=(
        Field("measured_on", "Measured on", FieldKind.DATE, required=True),
        Field("metric", "Metric agreed in discovery", required=True),
        Field("baseline", "Before"),
        Field("target", "Target"),
        Field("actual", "Now", required=True),
        Field("note", "Note", FieldKind.LONG_TEXT),
    ),
    summary_fields=("measured_on", "metric", "baseline", "target", "actual"),
    date_field="measured_on",
)
REFERRALS = LogKind(
    key="referrals",
    step="assure",
    title="Referrals",
    noun="referral",
    fields=(
        Field("referred_on", "Date", FieldKind.DATE, required=True),
        Field("name", "Name", required=True),
        Field("company", "Company"),
        Field("contact", "Email or phone"),
        Field("note", "Note", FieldKind.LONG_TEXT),
    ),
    summary_fields=("referred_on", "name", "company", "contact"),
    date_field="referred_on",
)

LOG_KINDS: dict[str, LogKind] = {
    kind.key: kind
    for kind in (
        TOUCHES,
        APPROACHES,
        CONCERNS,
        PLAN,
        CHECKPOINTS,
        CRITERIA,
        DELIVERY,
        CHECK_INS,
        PULSES,
        ISSUES,
        RESULTS,
        REFERRALS,
    )
}


def logs_for_step(step: str) -> list[LogKind]:
    return [kind for kind in LOG_KINDS.values() if kind.step == step]
