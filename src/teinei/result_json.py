"""A result read back from its JSON data (a cache entry), every field's type checked as the result models'
schema says, without pydantic: a check answered from the cache validates one entry, and importing pydantic
to do it cost more than the rest of the check. Anything else in the data is refused (None), never guessed."""

from __future__ import annotations

from typing import Any

from teinei.findings import Finding, Fix, LintResult, MessageRef
from teinei.ruleset.terms import Severity

_SEVERITIES = {s.value: s for s in Severity}
_APPLICABILITY = ("safe", "unsafe", "display")
_PARTS = ("body", "subject")
_FINDING_REQUIRED = frozenset(
    ("rule", "category", "severity", "message", "suggestions", "line", "column", "end_line", "end_column", "start",
     "end")
)
_FINDING_KEYS = frozenset(Finding.FIELDS)
_RESULT_KEYS = frozenset(LintResult.FIELDS)


class Refused(ValueError):
    """The data is not a result as teinei writes one."""


def result_from_json(data: object) -> LintResult:
    """The ``LintResult`` that ``model_dump(mode="json")`` gave ``data``; ``Refused`` when it is not one."""
    result = _dict(data, _RESULT_KEYS, ())
    message = result.get("message")
    return LintResult.model_construct(
        path=_str(result.get("path", "-")),
        message=None if message is None else _message_ref(message),
        findings=[_finding(f) for f in _list(result.get("findings", []))],
        errors=[_str(e) for e in _list(result.get("errors", []))],
        error=_optional_str(result.get("error")),
    )


def _finding(data: object) -> Finding:
    found = _dict(data, _FINDING_KEYS, _FINDING_REQUIRED)
    severity = _SEVERITIES.get(found["severity"]) if isinstance(found["severity"], str) else None
    part = found.get("part", "body")
    data_field = found.get("data", {})
    if severity is None or part not in _PARTS or not isinstance(data_field, dict):
        raise Refused("finding")
    fix = found.get("fix")
    return Finding.model_construct(
        rule=_str(found["rule"]), category=_str(found["category"]), severity=severity, message=_str(found["message"]),
        suggestions=[_str(s) for s in _list(found["suggestions"])], line=_int(found["line"]),
        column=_int(found["column"]), end_line=_int(found["end_line"]), end_column=_int(found["end_column"]),
        fix=None if fix is None else _fix(fix), part=part, start=_int(found["start"]), end=_int(found["end"]),
        data=data_field,
    )


def _fix(data: object) -> Fix:
    found = _dict(data, frozenset(Fix.FIELDS), frozenset(("replacement", "start", "end")))
    applicability = found.get("applicability", "safe")
    if applicability not in _APPLICABILITY:
        raise Refused("fix")
    return Fix.model_construct(
        replacement=_str(found["replacement"]), start=_int(found["start"]), end=_int(found["end"]),
        applicability=applicability,
    )


def _message_ref(data: object) -> MessageRef:
    found = _dict(data, frozenset(MessageRef.FIELDS), frozenset(("index", "line")))
    return MessageRef.model_construct(
        index=_int(found["index"]), line=_int(found["line"]), id=_optional_str(found.get("id"))
    )


def _dict(data: object, allowed: frozenset[str], required: frozenset[str] | tuple[()]) -> dict[str, Any]:
    if not isinstance(data, dict) or not data.keys() <= allowed or not all(k in data for k in required):
        raise Refused("object")
    return data


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise Refused("list")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise Refused("string")
    return value


def _optional_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _int(value: object) -> int:
    if type(value) is not int:  # (not a bool)
        raise Refused("integer")
    return value
