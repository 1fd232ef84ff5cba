"""The result classes (``Finding``, ``Fix``, ``LintResult``) are plain classes with the pydantic model API:
what a library user did with them as pydantic models still works, validation and schema included."""

from __future__ import annotations

import pickle
import warnings

import pytest
from pydantic import BaseModel, ValidationError

from teinei import Finding, Fix, LintResult, lint
from teinei.ruleset.terms import Severity

from .conftest import TODAY

TEXT = "完成までもうしばらくお待ちください。"


@pytest.fixture(scope="module")
def result() -> LintResult:
    return lint(TEXT, today=TODAY)


def test_dump_validate_and_copy_round_trip(result: LintResult) -> None:
    assert [f.rule for f in result] == ["curt/one-line", "deadline/vague"]
    finding = result.findings[1]
    assert (finding.severity, finding.line, finding.column, TEXT[finding.start : finding.end]) == (
        Severity.WARNING, 1, 5, "もうしばらく",
    )
    data = result.model_dump(mode="json")
    assert data["findings"][0]["severity"] == "warning" and data["path"] == "-"
    assert LintResult.model_validate(data).model_dump() == result.model_dump()
    assert LintResult.model_validate_json(result.model_dump_json()).model_dump() == result.model_dump()
    assert Finding.model_validate(finding.model_dump()) == finding
    moved = finding.model_copy(update={"line": 9})
    assert (moved.line, finding.line, moved.rule) == (9, 1, finding.rule)
    assert pickle.loads(pickle.dumps(result)).model_dump() == result.model_dump()
    with pytest.raises(AttributeError):
        finding.line = 3  # type: ignore[misc]


def test_construction_is_validated_like_a_pydantic_model() -> None:
    assert Fix(replacement="承知しました", start=0, end=5).applicability == "safe"
    assert LintResult(path="a.txt", error="cannot read").model_dump(include={"path", "error"}) == {
        "path": "a.txt", "error": "cannot read",
    }
    with pytest.raises(ValidationError):
        Fix(replacement="x", start="zero", end=1)
    with pytest.raises(ValidationError):
        Finding.model_validate({"rule": "a/b"})


def test_schema_and_use_as_fields_of_pydantic_models(result: LintResult) -> None:
    schema = Finding.model_json_schema()
    assert schema["title"] == "Finding"
    assert schema["properties"]["start"]["description"] == "0-based character offset into the part's text"
    assert Finding.model_fields["start"].description == schema["properties"]["start"]["description"]

    class Report(BaseModel):
        results: list[LintResult]
        first: Finding | None = None

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (a serializer warning would be an error)
        report = Report(results=[result], first=result.findings[0].model_dump())
        assert type(report.results[0]) is LintResult and report.first == result.findings[0]
        assert report.model_dump(mode="json")["results"][0] == result.model_dump(mode="json")
        assert Report.model_validate_json(report.model_dump_json()).first == result.findings[0]
    assert set(Report.model_json_schema()["$defs"]) >= {"Finding", "Fix", "LintResult"}
