"""The playbook model: a discovery questionnaire as plain, validated data.

A playbook is what a sales manager writes in YAML; these classes are its single definition.
The loader (`salescoach.playbooks`) turns a file into a `Playbook`, and the JSON Schema shipped
for editors is generated from these classes, so the format is described in exactly one place.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
Identifier = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=64,
        description="Lower-case letters, digits, '-' and '_', starting with a letter.",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class QuestionType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    SCALE = "scale"
    NUMBER = "number"
    CURRENCY = "currency"
    DATE = "date"
    YES_NO = "yes_no"
    GROUP = "group"


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})
NUMERIC_TYPES = frozenset({QuestionType.NUMBER, QuestionType.CURRENCY, QuestionType.SCALE})
YES_NO_VALUES = ("yes", "no")


class SummarySlot(StrEnum):
    """Where an answer lands in a needs summary."""

    PURPOSE = "purpose"
    SITUATION = "situation"
    GOALS = "goals"
    PROBLEMS = "problems"
    IMPACT = "impact"
    COST_OF_INACTION = "cost_of_inaction"
    ALTERNATIVES = "alternatives"
    VALUE = "value"
    CRITERIA = "criteria"
    DECISION = "decision"
    STAKEHOLDERS = "stakeholders"
    BUDGET = "budget"
    TIMELINE = "timeline"
    COMPETITION = "competition"
    RISKS = "risks"
    FIT = "fit"
    NEXT_STEP = "next_step"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _yes_no_text(value: Any) -> Any:
    """YAML 1.1 reads a bare `yes`/`no` as a boolean; a playbook author means the answer."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


ConditionValue = str | int | float | bool
_CONDITION_TESTS = ("equals", "not_equals", "in_", "answered", "at_least", "at_most")
_CONDITION_COMBINATORS = ("all", "any", "not_")


def _choice_schema(schema: dict[str, Any]) -> None:
    """Editors must accept the plain-text shorthand as well as the mapping."""
    mapping = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "minLength": 1}, mapping]


class Choice(_Strict):
    model_config = ConfigDict(json_schema_extra=_choice_schema)

    value: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="What is stored and what `show_if` compares against."
    )
    label: Text = Field(description="What the rep sees.")

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, data: Any) -> Any:
        # `- Monthly` is shorthand for `- {value: Monthly, label: Monthly}`.
        if isinstance(data, bool):
            data = _yes_no_text(data)
        if isinstance(data, str | int | float):
            return {"value": str(data), "label": str(data)}
        return data


class Condition(_Strict):
    """A declarative test on one earlier answer, or a combination of tests.

    Exactly one form is used: `question` with one test, or `all` / `any` / `not`.
    """

    question: Identifier | None = Field(None, description="An earlier question's id.")
    equals: ConditionValue | None = None
    not_equals: ConditionValue | None = None
    in_: list[ConditionValue] | None = Field(None, alias="in")
    answered: bool | None = None
    at_least: float | None = None
    at_most: float | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(None, alias="not")

    model_config = ConfigDict(populate_by_name=True)

    @field_validator("equals", "not_equals", mode="before")
    @classmethod
    def _normalise_scalar(cls, value: Any) -> Any:
        return _yes_no_text(value)

    @field_validator("in_", mode="before")
    @classmethod
    def _normalise_list(cls, value: Any) -> Any:
        return [_yes_no_text(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _exactly_one_form(self) -> Condition:
        tests = [name for name in _CONDITION_TESTS if getattr(self, name) is not None]
        combinators = [name for name in _CONDITION_COMBINATORS if getattr(self, name) is not None]
        if self.question is not None:
            if combinators:
                raise ValueError("use either `question` with a test or all/any/not, not both")
            if len(tests) != 1:
                raise ValueError(
                    "a condition on `question` needs exactly one of: "
                    "equals, not_equals, in, answered, at_least, at_most"
                )
        else:
            if tests:
                raise ValueError("a test such as `equals` needs the `question` it applies to")
            if len(combinators) != 1:
                raise ValueError("a condition needs `question`, or exactly one of all, any, not")
        return self

    def questions(self) -> list[str]:
        """Every question id this condition reads."""
        if self.question is not None:
            return [self.question]
        found: list[str] = []
        for child in self.children():
            found.extend(child.questions())
        return found

    def children(self) -> list[Condition]:
        if self.not_ is not None:
            return [self.not_]
        return list(self.all or self.any or [])

    def compared_values(self) -> list[Any]:
        """The literal answer values this condition (not its children) compares with."""
        if self.equals is not None:
            return [self.equals]
        if self.not_equals is not None:
            return [self.not_equals]
        return list(self.in_ or [])


class GroupField(_Strict):
    """One column of a repeatable group, such as a stakeholder's name."""

    id: Identifier
    label: Text
    type: Literal["text", "long_text", "number", "date", "single_choice", "yes_no"] = "text"
    choices: list[Choice] | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> GroupField:
        if self.type == "single_choice" and not self.choices:
            raise ValueError("a single_choice field needs `choices`")
        if self.type != "single_choice" and self.choices:
            raise ValueError("`choices` only apply to a single_choice field")
        return self


class Question(_Strict):
    id: Identifier
    text: Text = Field(description="The question as the rep asks it.")
    type: QuestionType
    tip: Text | None = Field(None, description="Coaching shown beside the question.")
    must_ask: bool = Field(False, description="Counts toward discovery coverage and the gate.")
    summary: SummarySlot | None = Field(None, description="Where the answer lands in a summary.")
    show_if: Condition | None = Field(None, description="Ask only when this holds.")
    choices: list[Choice] | None = Field(None, description="For single_choice and multi_choice.")
    min: float | None = Field(None, description="Lowest accepted number.")
    max: float | None = Field(None, description="Highest accepted number.")
    unit: Annotated[str, Field(max_length=40)] | None = Field(
        None, description="Shown after a number, e.g. 'employees'."
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="ISO 4217 code for a currency question; the rep may change it."
    )
    labels: list[Text] | None = Field(
        None,
        min_length=5,
        max_length=5,
        description="For a scale: the five labels from 1 to 5.",
    )
    fields: list[GroupField] | None = Field(
        None, min_length=1, description="For a group: the columns of each row."
    )

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        problems: list[str] = []
        if self.type in CHOICE_TYPES and not self.choices:
            problems.append(f"a {self.type} question needs `choices`")
        if self.type not in CHOICE_TYPES and self.choices:
            problems.append(f"`choices` do not apply to a {self.type} question")
        if self.type == QuestionType.GROUP and not self.fields:
            problems.append("a group question needs `fields`")
        if self.type != QuestionType.GROUP and self.fields:
            problems.append(f"`fields` do not apply to a {self.type} question")
        if self.labels and self.type != QuestionType.SCALE:
            problems.append(f"`labels` do not apply to a {self.type} question")
        numeric_only = {"min": self.min, "max": self.max, "unit": self.unit}
        if self.type not in (QuestionType.NUMBER, QuestionType.CURRENCY):
            problems += [
                f"`{key}` does not apply to a {self.type} question"
                for key, value in numeric_only.items()
                if value is not None
            ]
        if self.currency and self.type != QuestionType.CURRENCY:
            problems.append(f"`currency` does not apply to a {self.type} question")
        if self.min is not None and self.max is not None and self.min > self.max:
            problems.append("`min` is larger than `max`")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def choice_values(self) -> list[str] | None:
        """The values an answer may take, or None when any value is acceptable."""
        if self.type == QuestionType.YES_NO:
            return list(YES_NO_VALUES)
        if self.type in CHOICE_TYPES and self.choices:
            return [choice.value for choice in self.choices]
        return None


class Section(_Strict):
    id: Identifier
    title: Text
    purpose: Text | None = Field(None, description="What this part of the meeting is for.")
    coaching: Text | None = Field(None, description="Advice for the rep on this section.")
    questions: list[Question] = Field(min_length=1)


class Playbook(_Strict):
    id: Identifier
    version: Annotated[int, Field(ge=1, strict=True)] = Field(
        description="Raise it when you change the playbook; the highest version of an id wins."
    )
    title: Text
    description: Text | None = None
    sections: list[Section] = Field(min_length=1)

    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]

    def question(self, question_id: str) -> Question:
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def must_ask(self) -> list[Question]:
        return [question for question in self.questions() if question.must_ask]
