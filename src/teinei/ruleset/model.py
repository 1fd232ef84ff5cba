"""The rule and concept models: one pydantic model per check kind, discriminated on ``kind``.

These models are the documentation of the YAML format: every field a rule file may hold is here, and an
unknown field is an error at load time.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The format's words are defined without pydantic (run-time code needs them); re-exported for the format.
from teinei.ruleset.terms import CATEGORIES as CATEGORIES
from teinei.ruleset.terms import PROFILES, Applicability, Category, Part, Profile, Severity


class Strict(BaseModel):
    # defer_build: schemas are built when a rule file is first validated; a run whose rules come from the
    # compiled-rule cache never validates one, and skips building them.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


# A token condition value: a literal, a list of literals (any of them), or "/regex/" (full match).
Value = str | list[str]


class TokenCondition(Strict):
    """Conditions on one token; only the named features decide. ``pos`` matches a prefix of 名詞-普通名詞-…"""

    surface: Value | None = None
    lemma: Value | None = None
    base: Value | None = None  # UniDic orthBase
    reading: Value | None = None
    pos: Value | None = None
    pos1: Value | None = None
    pos2: Value | None = None
    pos3: Value | None = None
    pos4: Value | None = None
    ctype: Value | None = None
    cform: Value | None = None
    placeholder: bool | None = None
    not_: TokenCondition | None = Field(default=None, alias="not")
    optional: bool = False  # may be absent
    repeat: bool = False  # one or more (zero or more with optional)
    capture: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")  # {name} in messages


TokenSequence = list[TokenCondition]


# Rewrites built in code from the writer's own sentence (teinei.rewrites), for rules whose fix is not a swap.
Rewrite = Literal[
    "request", "pressure", "deadline", "vague-deadline", "thanks", "receipt-thanks", "refusal", "message", "quantity"
]


class FixSpec(Strict):
    applicability: Applicability = "safe"
    replacement: str | None = None  # for phrase and pattern kinds; substitutions carry their own
    # Phrase and pattern kinds: the matched text rewritten by the first of these regular expressions that is
    # found in it (regex -> template: \1, \g<name>); a match none of them is found in gets no fix.
    swap_regex: dict[str, str] = {}
    rewrite: Rewrite | None = None  # any kind: the sentence rewritten by this builder (teinei.rewrites)

    @model_validator(mode="after")
    def _one_way(self) -> FixSpec:
        if sum((self.replacement is not None, bool(self.swap_regex), self.rewrite is not None)) > 1:
            raise ValueError("replacement、swap_regex、rewrite のうち一つを指定してください")
        return self


class BadExample(Strict):
    text: str
    at: str | None = None  # the exact text the finding must span
    fixed: str | None = None  # the text after --fix
    profile: Profile | None = None
    subject: str | None = None
    attachments: list[str] | None = None  # the files sent with it, when they are known


class GoodExample(Strict):
    text: str
    profile: Profile | None = None
    subject: str | None = None
    attachments: list[str] | None = None


def _plain_to_text(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Examples(Strict):
    bad: list[BadExample] = Field(min_length=1)
    good: list[GoodExample] = Field(min_length=1)

    @field_validator("bad", "good", mode="before")
    @classmethod
    def _strings_are_texts(cls, value: object) -> object:
        return [_plain_to_text(v) for v in value] if isinstance(value, list) else value


class RuleBase(Strict):
    id: str | None = None  # written category/name; derived from the file's path when absent
    category: Category | None = None  # derived from the id when absent
    severity: Severity = Severity.WARNING
    description: str = Field(min_length=1)
    message: str = Field(min_length=1)
    suggest: list[str] = Field(min_length=1)
    profiles: list[Profile] = list(PROFILES)
    part: Part = "body"
    unless: list[str] = []  # concepts: present in the same sentence (message, for message scope) -> no finding
    fix: FixSpec | None = None
    replaces: str | None = None  # a user rule with a built-in rule's id says so: `replaces: keigo/ryokai`
    examples: Examples

    @field_validator("suggest", mode="before")
    @classmethod
    def _one_suggestion(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class PhraseRule(RuleBase):
    """Literal phrases and regular expressions over the authored text."""

    kind: Literal["phrase"]
    phrases: list[str] = []
    regex: list[str] = []
    exclude: list[str] = []  # regexes: a match lying inside one of these is not a finding (一部上場)


class PatternRule(RuleBase):
    """Sequences of token conditions over each sentence."""

    kind: Literal["pattern"]
    patterns: list[TokenSequence] = Field(min_length=1)
    anchor: Literal["sentence_start", "sentence_end"] | None = None
    exclude: list[str] = []
    when: list[str] = []  # concepts: only in sentences where one of them is present (など in a request)


class SubstitutionRule(RuleBase):
    """A map of wrong -> right phrasings; each finding carries its replacement as a fix."""

    kind: Literal["substitution"]
    swap: dict[str, str] = {}
    swap_regex: dict[str, str] = {}  # regex -> replacement template (\\1, \\g<name>)
    exclude: list[str] = []


class Bound(Strict):
    min: float | None = None
    max: float | None = None


class RequirementRule(RuleBase):
    """If a ``when`` concept is present, one of the ``require`` concepts must be too."""

    kind: Literal["requirement"]
    scope: Literal["message", "sentence"] = "message"
    when: list[str] = Field(min_length=1)
    require: list[str] = Field(min_length=1)
    # With sentence scope: how many sentences before and after the trigger's also count (an apology often
    # follows the refusal it softens: 「今回はお引き受けいたしかねます。ご期待に沿えず申し訳ございません。」).
    window: int = Field(default=0, ge=0, le=3)
    # With message scope: where ``unless`` concepts are looked for. "sentence": only in the trigger's own
    # sentence (a vague 「後日」 in one sentence excuses no other request of the message).
    unless_scope: Literal["sentence", "message"] = "message"


class MetricRule(RuleBase):
    """Measures with bounds; a finding when every measure in ``when`` is within its bound.

    Measures: ``sentences``, ``characters`` (authored, without spaces), ``lines``, and ``count:CONCEPT``.
    A counted concept's captures fill ``{names}`` in the message; with a ``min`` the finding points at its match.
    """

    kind: Literal["metric"]
    scope: Literal["message", "sentence"] = "message"
    when: dict[str, Bound] = Field(min_length=1)


class DateRule(RuleBase):
    """Dates resolved against the reference date (``teinei.dates``); ``test`` picks what is wrong with one.

    ``weekday-mismatch``: the written weekday is not the date's. ``invalid``: the date does not exist.
    ``past``: a deadline before the reference date. ``non-business-day``: a weekend, public holiday or closure.
    ``too-tight``: due the same day, or within ``min_hours`` business hours of the message's time.
    """

    kind: Literal["date"]
    test: Literal["weekday-mismatch", "invalid", "past", "non-business-day", "too-tight"]
    contexts: list[Literal["deadline", "date", "past"]] = ["deadline", "date", "past"]  # where a date counts
    when: list[str] = []  # concepts, one of which must be in the date's sentence (a request)
    unless_scope: Literal["sentence", "message"] = "sentence"  # where ``unless`` concepts are looked for
    within_days: int = Field(default=60, ge=0)  # past: a year-less date this many days ago at most
    notice_days: int = Field(default=14, ge=0)  # non-business-day: a closure this close is worth announcing
    min_hours: float = Field(default=4, ge=0)  # too-tight: fewer business hours than this left is tight


Rule = Annotated[
    PhraseRule | PatternRule | SubstitutionRule | RequirementRule | MetricRule | DateRule,
    Field(discriminator="kind"),
]

# The ``kind`` tag of each rule model above, in the order users read them in error messages.
RULE_KINDS: tuple[str, ...] = tuple(
    model.model_fields["kind"].annotation.__args__[0]  # type: ignore[union-attr]
    for model in (PhraseRule, PatternRule, SubstitutionRule, RequirementRule, MetricRule, DateRule)
)


class WordList(Strict):
    """Values written once and named in token conditions (``lemma: {words: NAME}``; ``teinei.ruleset.words``)."""

    description: str
    words: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


class Concept(Strict):
    """A named, reusable set of patterns (greeting, thanks, deadline…) that rules refer to by name."""

    description: str
    phrases: list[str] = []
    regex: list[str] = []
    tokens: list[TokenSequence] = []
    facts: list[str] = []  # true when the document has this fact ("reply", "attachments")
    include: list[str] = []  # other concepts whose matches count as this one's
    exclude: list[str] = []  # regexes: matches inside these do not count
    unless: list[str] = []  # other concepts: matches inside one of theirs do not count (shared excludes)
