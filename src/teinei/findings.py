"""Finding, Fix and LintResult: the public result models (they are the JSON schema), and the one place
where a check's ``Match`` becomes a ``Finding``."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from teinei.plain import Plain
from teinei.ruleset.terms import Applicability, Severity

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match
    from teinei.document import Document
    from teinei.ruleset.load import LoadedRule

_SCHEMA = "teinei.findings_schema:"  # the pydantic models that validate and describe these (same names)


class Fix(Plain):
    """Replace ``text[start:end]`` with ``replacement``. ``safe`` fixes are applied by --fix, ``unsafe`` ones
    only with --unsafe-fixes; a ``display`` fix holds a slot (〇〇) for the writer and is never applied."""

    FIELDS = ("replacement", "start", "end", "applicability")
    DEFAULTS: ClassVar[dict[str, Any]] = {"applicability": "safe"}
    SCHEMA = _SCHEMA + "Fix"

    replacement: str
    start: int
    end: int
    applicability: Applicability


class Finding(Plain):
    """One problem. Lines and columns are 1-based and count characters; ``end_column`` is exclusive;
    ``start`` and ``end`` are 0-based character offsets into the part's text."""

    FIELDS = (
        "rule", "category", "severity", "message", "suggestions", "line", "column", "end_line", "end_column", "fix",
        "part", "start", "end", "data",
    )
    DEFAULTS: ClassVar[dict[str, Any]] = {"fix": None, "part": "body", "data": {}}
    NESTED: ClassVar[dict[str, Any]] = {"fix": Fix}
    SCHEMA = _SCHEMA + "Finding"

    rule: str
    category: str
    severity: Severity
    message: str
    suggestions: list[str]
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None
    part: Literal["body", "subject"]
    start: int
    end: int
    data: dict[str, object]

    @classmethod
    def _typed(cls, instance: Any) -> Any:
        instance.__dict__["severity"] = Severity(instance.severity)
        return instance

    def sort_key(self) -> tuple[int, int, int, str]:
        return (0 if self.part == "subject" else 1, self.line, self.column, self.rule)


class MessageRef(Plain):
    """Which message of a mailbox a result is about: a file holds one message, an mbox many, and a result
    (its findings, its cache entry) is one message's. ``index``: its 1-based place in the mailbox; ``line``:
    the line of the mailbox file where it starts (its From line); ``id``: its Message-ID header."""

    FIELDS = ("index", "line", "id")
    DEFAULTS: ClassVar[dict[str, Any]] = {"id": None}
    SCHEMA = _SCHEMA + "MessageRef"

    index: int
    line: int
    id: str | None


class LintResult(Plain):
    """The findings for one text, file or message of a mailbox, sorted by part, line, column and rule."""

    FIELDS = ("path", "message", "findings", "errors", "error")
    DEFAULTS: ClassVar[dict[str, Any]] = {"path": "-", "message": None, "findings": [], "errors": [], "error": None}
    NESTED: ClassVar[dict[str, Any]] = {"message": MessageRef, "findings": [Finding]}
    FROZEN = False
    SCHEMA = _SCHEMA + "LintResult"
    PRIVATE: ClassVar[dict[str, Any]] = {"_document": None}

    path: str
    message: MessageRef | None  # the message of a mailbox (None: the file or text is one message)
    findings: list[Finding]
    errors: list[str]  # problems that stopped part of the check (a rule that timed out)
    error: str | None  # why the file was not checked at all (it could not be read); no findings then
    _document: Document | None  # the text the findings point at, when the result was made with it

    def line_text(self, finding: Finding) -> str:
        """The source line a finding points at ('' when the result was built without its document)."""
        return self.line_texts([finding])[0]

    def line_texts(self, findings: list[Finding] | None = None) -> list[str]:
        """``line_text`` of each finding (default: of every finding of the result), in order."""
        findings = self.findings if findings is None else findings
        body = self._document
        if body is None:
            return [""] * len(findings)
        subject = body.subject
        lines = []
        for finding in findings:
            document = subject if finding.part == "subject" else body
            lines.append(document.line_text(finding.line) if document is not None else "")
        return lines

    def __iter__(self) -> Iterator[Finding]:  # type: ignore[override]
        """``for finding in result``: the findings (a pydantic model would iterate its fields' names)."""
        return iter(self.findings)

    @property
    def checked(self) -> bool:
        """Whether every rule ran on the whole file (false when it was not read or a rule was stopped)."""
        return self.error is None and not self.errors

    def at_least(self, level: Severity | str) -> list[Finding]:
        """The findings at or above ``level`` (``"info"``, ``"warning"`` or ``"error"``)."""
        from teinei.arguments import severity

        rank = severity(level, "level").rank
        return [f for f in self.findings if f.severity.rank >= rank]

    def fails(self, fail_level: Severity | str = Severity.WARNING) -> bool:
        """Whether a finding is at or above the fail level: what makes ``teinei check`` exit 1 (``--fail-level``
        and the configuration's ``fail-level``, default ``warning``)."""
        return bool(self.at_least(fail_level))


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def render(template: str, values: _Values) -> str | None:
    """The template with {names} filled in, or None when a name has no value for this match."""
    try:
        return template.format_map(values)
    except (KeyError, IndexError, AttributeError, ValueError):
        return None


@lru_cache(maxsize=1024)
def _names_example_date(message: str, suggest: tuple[str, ...]) -> bool:
    """Whether a rule's message or a suggestion names an example date (decided once per rule)."""
    return "{example_" in message or any("{example_" in t for t in suggest)


def example_values(analysis: Analysis) -> dict[str, str]:
    """The example dates of this text (computed once per text from its reference date and calendar)."""
    from teinei.dates import example_dates

    values = analysis.cache.get("example dates")
    if values is None:
        values = analysis.cache["example dates"] = example_dates(analysis.today, analysis.calendar)
    return values  # type: ignore[return-value]


@lru_cache(maxsize=1024)
def _quotes_sentence(message: str, suggest: tuple[str, ...]) -> bool:
    """Whether a rule's message or a suggestion quotes the sentence of the match (decided once per rule)."""
    return "{sentence" in message or any("{sentence" in t for t in suggest)


def _terminated(sentence: str) -> str:
    """A sentence quoted inside a suggestion, ending in 。 like the sentences around it."""
    sentence = " ".join(sentence.split())
    return sentence if not sentence or sentence[-1] in "。．！？!?" else sentence + "。"


def make_finding(
    loaded: LoadedRule, match: Match, analysis: Analysis, severity: Severity | None = None, *, advice: bool = True
) -> Finding:
    """The finding for one match of one rule: message and suggestions rendered, position resolved. Without
    ``advice`` (counting findings, as an audit does) the message is empty and neither suggestions nor a fix
    are made (about 3 % of an audit's processor time).

    Findings are built without validation (``model_construct``): every value here comes from a validated rule
    and the text, and a long text has tens of thousands of findings. Equal messages and suggestions share one
    string per text."""
    if not advice:
        return _finding(loaded, match, analysis, severity, "", [], None)
    rule = loaded.rule
    document = analysis.document
    values = _Values(match=document.text[match.start : match.end])
    values.update(match.captures)
    if _quotes_sentence(rule.message, tuple(rule.suggest)):
        sentence = analysis.sentence_at(match.start)
        values["sentence"] = _terminated(sentence.text(document.text)) if sentence is not None else ""
    if _names_example_date(rule.message, tuple(rule.suggest)):
        values.update(example_values(analysis))
    if match.replacement is not None:
        values["replacement"] = match.replacement
    shared: dict[str, str] = analysis.cache.setdefault("finding strings", {})  # type: ignore[assignment]
    message = render(rule.message, values) or rule.message
    message = shared.setdefault(message, message)
    suggestions = [shared.setdefault(s, s) for s in (render(t, values) for t in rule.suggest) if s]
    fix = None
    if match.replacement is not None and (rule.fix is not None or getattr(rule, "kind", "") == "substitution"):
        applicability = rule.fix.applicability if rule.fix else "safe"
        fix = Fix.model_construct(
            replacement=match.replacement, start=match.start, end=match.end, applicability=applicability
        )
    elif rule.fix is not None and rule.fix.rewrite is not None:
        from teinei.rewrites import build

        edit = build(rule.fix.rewrite, match, analysis)
        if edit is not None and document.text[edit.start : edit.end] != edit.replacement:
            fix = Fix.model_construct(
                replacement=edit.replacement, start=edit.start, end=edit.end,
                applicability=rule.fix.applicability,
            )
    return _finding(loaded, match, analysis, severity, message, suggestions, fix)


def _finding(
    loaded: LoadedRule, match: Match, analysis: Analysis, severity: Severity | None, message: str,
    suggestions: list[str], fix: Fix | None,
) -> Finding:
    rule, document = loaded.rule, analysis.document
    line, column = document.position(match.start)
    end_line, end_column = document.position(match.end)
    return Finding.model_construct(
        rule=loaded.id,
        category=rule.category or "",
        severity=severity or rule.severity,
        message=message,
        suggestions=suggestions,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        fix=fix,
        part=document.part,
        start=match.start,
        end=match.end,
        # A check builds each match's data for it alone: the finding takes it over instead of copying it.
        data=match.data if type(match.data) is dict else dict(match.data),
    )
