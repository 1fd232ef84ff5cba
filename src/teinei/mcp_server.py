"""``teinei mcp``: check, fix and explain tools for AI assistants over stdio (the official MCP SDK), so that an
assistant drafting a business mail can check its own draft before showing it. One warm ``Linter`` serves
every call; the tools' input and output schemas are the pydantic models below."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import ErrorDetails

from teinei import __version__
from teinei.errors import TeineiError
from teinei.findings import Fix
from teinei.fix import MAX_PASSES, apply_fixes, protected_spans
from teinei.inputs import MAX_BYTES
from teinei.linter import Linter
from teinei.report import json as json_report
from teinei.ruleset.model import Severity
from teinei.workspace import Workspace

Profile = Literal["external", "internal", "chat"]
Applicability = Literal["safe", "unsafe", "display"]

INSTRUCTIONS = (
    "teinei は日本語のビジネスメッセージ（メール・チャット・テンプレート）の語調と分かりやすさを確認します。"
    "送信前の下書きを check_message に渡し、指摘（findings）の message と suggestions に沿って書き直してください。"
    "機械的に直せる指摘は fix_message で直せます。指摘の理由は explain_rule で確認できます。"
)


class ReportedFinding(BaseModel):
    """One finding, with the same fields as ``teinei check --format json``."""

    rule: str = Field(description="rule id, e.g. deadline/vague")
    category: str
    severity: Severity
    message: str = Field(description="what lands badly, and why")
    suggestions: list[str] = Field(description="what to write instead")
    line: int = Field(description="1-based line")
    column: int = Field(description="1-based column, counted in characters")
    end_line: int
    end_column: int = Field(description="exclusive")
    fix: Fix | None = Field(description="a rewrite of text[start:end] that fix_message can apply")
    part: Literal["body", "subject"]
    data: dict[str, object] = {}


class Summary(BaseModel):
    findings: int
    by_severity: dict[str, int]


class CheckResult(BaseModel):
    findings: list[ReportedFinding]
    summary: Summary
    errors: list[str] = Field(default=[], description="problems that stopped part of the check")


class AppliedFix(BaseModel):
    rule: str
    message: str
    before: str = Field(description="the text replaced")
    after: str = Field(description="what it was replaced with")
    applicability: Applicability


class FixResult(BaseModel):
    text: str = Field(description="the message with the fixes applied")
    changed: bool
    applied: list[AppliedFix]
    remaining: list[ReportedFinding] = Field(description="findings left in the fixed text, to rewrite by hand")


class RuleSummary(BaseModel):
    rule: str
    category: str
    severity: Severity
    profiles: list[str]
    fixable: Applicability | None = Field(description="whether fix_message can rewrite it, and how safely")
    summary: str


class RuleList(BaseModel):
    rules: list[RuleSummary]


class RuleExplanation(RuleSummary):
    explanation: str = Field(description="what `teinei explain` prints: why, what to write instead, examples")


class Tools:
    """What the tools share: the workspace's linter (made on first use, so that a broken configuration is a
    tool error rather than a server that never starts) and the reference date."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today
        self._linter: Linter | None = None

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            try:
                linter = Workspace(today=self.today).linter_for("-")
                linter.ruleset  # noqa: B018 - a mistake in the configuration's rule names is found here
            except TeineiError as error:
                problems = " / ".join(str(error).splitlines())  # several broken rule files: one line for all
                raise ToolError(f"設定ファイルかルールに誤りがあります: {problems}") from None
            self._linter = linter
        return self._linter

    def check_message(
        self,
        text: Annotated[str, Field(description="the message body, as it will be sent")],
        subject: Annotated[str | None, Field(description="the e-mail subject: makes it an e-mail draft")] = None,
        profile: Annotated[
            Profile | None,
            Field(description="external (customers, partners; default), internal (colleagues) or chat"),
        ] = None,
        date: Annotated[
            str | None, Field(description="the date deadlines are read against: YYYY-MM-DD [default: today]")
        ] = None,
    ) -> CheckResult:
        """Check a Japanese business message (e-mail or chat) for tone and clarity before it is sent."""
        _require_text(text)
        today = _reference_date(date) if date is not None else self.today
        result = self.linter.lint(text, subject=subject, profile=profile, today=today)
        report = json_report.document([result])
        findings = [ReportedFinding.model_validate(f) for f in report["files"][0]["findings"]]  # type: ignore[index]
        summary = report["summary"]
        return CheckResult(
            findings=findings,
            summary=Summary(findings=summary["findings"], by_severity=summary["by_severity"]),  # type: ignore[index]
            errors=list(result.errors),
        )

    def fix_message(
        self,
        text: Annotated[str, Field(description="the message body")],
        unsafe: Annotated[
            bool, Field(description="also apply fixes that may change the meaning (check them afterwards)")
        ] = False,
    ) -> FixResult:
        """Apply teinei's automatic rewrites (e.g. 了解しました -> 承知しました) and return the fixed text."""
        _require_text(text)
        applied: list[AppliedFix] = []
        fixed = text
        for _ in range(MAX_PASSES):  # a fix can expose another next to it: fix until stable, as --fix does
            result = self.linter.lint(fixed, today=self.today)
            new_text, chosen = apply_fixes(
                fixed, result.findings, unsafe=unsafe, protected=protected_spans(result._document)
            )
            if not chosen or new_text == fixed:
                break
            for finding in chosen:
                assert finding.fix is not None
                applied.append(AppliedFix(
                    rule=finding.rule, message=finding.message, before=fixed[finding.fix.start : finding.fix.end],
                    after=finding.fix.replacement, applicability=finding.fix.applicability,
                ))
            fixed = new_text
        remaining = self.check_message(fixed).findings
        return FixResult(text=fixed, changed=fixed != text, applied=applied, remaining=remaining)

    def explain_rule(
        self, rule_id: Annotated[str, Field(description="a rule id from a finding or list_rules, e.g. keigo/ryokai")]
    ) -> RuleExplanation:
        """Explain a rule: why the wording lands badly, what to write instead, with examples."""
        from teinei.explain import explain_rule

        rules = self.linter.ruleset.rules
        loaded = rules.get(rule_id)
        if loaded is None:
            close = difflib.get_close_matches(rule_id, list(rules), n=1)
            hint = f"「{close[0]}」のことでしょうか。" if close else "list_rules で一覧を確認できます。"
            raise ToolError(f"ルール「{rule_id}」はありません。{hint}")
        return RuleExplanation(**_summary(rule_id, loaded).model_dump(), explanation=explain_rule(loaded))

    def list_rules(self) -> RuleList:
        """Every rule: id, category, severity, the profiles it runs in, whether it is fixable, what it catches."""
        return RuleList(rules=[_summary(rule_id, loaded) for rule_id, loaded in self.linter.ruleset.rules.items()])


def _summary(rule_id: str, loaded) -> RuleSummary:  # (ruleset.load.LoadedRule)
    rule = loaded.rule
    kind = getattr(rule, "kind", "")
    fixable = rule.fix.applicability if rule.fix else ("safe" if kind == "substitution" else None)
    return RuleSummary(
        rule=rule_id, category=rule.category or "", severity=rule.severity, profiles=list(rule.profiles),
        fixable=fixable, summary=rule.description.strip().splitlines()[0],
    )


def _require_text(text: str) -> None:
    if not text.strip():
        raise ToolError("text が空です。確認するメッセージの本文を渡してください。")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ToolError(f"text が長すぎます（上限 {MAX_BYTES:,} バイト）。メール 1 通分の本文を渡してください。")


def _reference_date(value: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
    except ValueError:
        why = "YYYY-MM-DD の形で指定してください（例: 2026-12-01）"
        raise ToolError(f"date「{value}」は日付として読めません。{why}。") from None


class TeineiMCPServer(MCPServer):
    """The SDK's server, with arguments that fail the input schema reported in one line per call (pydantic's
    report is several lines with a link per error)."""

    async def call_tool(self, name, arguments, context=None):  # type: ignore[no-untyped-def]
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            cause = error.__cause__
            if not isinstance(cause, ValidationError):
                raise
            problems = "; ".join(_problem(e) for e in cause.errors())
            raise ToolError(f"{name} の引数が正しくありません: {problems}") from cause


def _problem(error: ErrorDetails) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "(引数)"
    kind = error["type"]
    if kind == "missing":
        return f"{where} を指定してください"
    if kind == "literal_error":
        return f"{where} は {error.get('ctx', {}).get('expected', '')} のいずれかです"
    if kind in _EXPECTED:
        return f"{where} は{_EXPECTED[kind]}で指定してください"
    return f"{where}: {error['msg']}"


_EXPECTED = {"string_type": "文字列", "bool_type": " true か false ", "bool_parsing": " true か false "}


def build_server(today: dt.date | None = None) -> MCPServer:
    tools = Tools(today)
    server = TeineiMCPServer("teinei", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    for tool in (tools.check_message, tools.fix_message, tools.explain_rule, tools.list_rules):
        server.add_tool(tool, name=tool.__name__, structured_output=True)
    return server


def serve(today: dt.date | None = None) -> None:
    """Speak MCP over standard input and output until the assistant closes the connection."""
    build_server(today).run("stdio")
