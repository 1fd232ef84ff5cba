"""The server's warm linters and the payloads of each API call, free of HTTP: the rules and the tagger are
loaded once at start-up, and each request only lints."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from teinei.errors import InputError, TeineiError
from teinei.ruleset.model import PROFILES

try:  # part of the serve extra; the output is the same without it, only slower to write
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from teinei.document import Document
    from teinei.findings import Finding, LintResult
    from teinei.linter import Linter
    from teinei.serve.payloads import CheckRequest, FixRequest

# Linters kept for the (profile, select, ignore) combinations asked for: each shares the compiled rules, and
# a page asks for three at most (one per profile), so a small bound only stops a client that varies them.
MAX_LINTERS = 16
PROFILE_NAMES = {"external": "社外", "internal": "社内", "chat": "チャット"}


class ApiError(Exception):
    """A request the server cannot answer: an HTTP status and one line for the person who sent it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _selectors(value: list[str] | str | None) -> list[str]:
    """``["a,b", "c"]`` or ``"a,b"`` -> [a, b, c], as ``--select a,b --select c`` on the command line."""
    values = [value] if isinstance(value, str) else list(value or ())
    return [part.strip() for item in values for part in item.split(",") if part.strip()]


def reference_date(value: str | None) -> dt.date | None:
    """A request's ``date``: YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time too (as ``--date``)."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
    except ValueError:
        why = "YYYY-MM-DD の形で指定してください（例：2026-12-01）"
        raise ApiError(400, f"基準日「{value}」は日付として読めません。{why}。") from None


def _finding_json(finding: Finding) -> dict[str, Any]:
    from teinei.report.json import _FINDING_FIELDS

    return finding.model_dump(mode="json", include=_FINDING_FIELDS)


class Checker:
    """One warm linter per option set, built as ``teinei check`` builds it for standard input: the
    configuration is the one found from the folder the server started in (or ``config_file``)."""

    def __init__(
        self, config_file: str | None = None, rules_dirs: Iterable[str] = (), today: dt.date | None = None
    ) -> None:
        self.config_file = config_file
        self.rules_dirs = tuple(rules_dirs)
        self.today = today
        self._linters: OrderedDict[tuple[object, ...], Linter] = OrderedDict()
        self.checks = 0  # requests answered: the only thing the server counts about drafts

    def warm(self) -> None:
        """Load the configuration, the rules and the tagger now, so that a mistake stops the start-up and the
        first request is as fast as the others."""
        linter = self.linter()
        linter.ruleset  # noqa: B018 - the property loads them
        linter.lint("お世話になっております。資料を明日お送りします。")

    def linter(self, profile: str | None = None, select: list[str] | None = None, ignore: list[str] = ()) -> Linter:
        from teinei.workspace import Workspace

        key = (profile, tuple(select or ()), tuple(ignore))
        found = self._linters.get(key)
        if found is None:
            workspace = Workspace(
                self.config_file, profile=profile, select=select or None, ignore=ignore, rules_dirs=self.rules_dirs
            )
            found = workspace.linter_for("-")
            self._linters[key] = found
            if len(self._linters) > MAX_LINTERS:
                self._linters.popitem(last=False)
        self._linters.move_to_end(key)
        return found

    def _linter_for(
        self, profile: str | None, select: list[str] | str | None = None, ignore: list[str] | str | None = None
    ) -> Linter:
        """The linter for a request's options; an unknown profile or rule is the client's mistake (400)."""
        if profile is not None and profile not in PROFILES:
            known = "、".join(f"{p}（{PROFILE_NAMES[p]}）" for p in PROFILES)
            raise ApiError(400, f"プロファイル「{profile}」はありません。{known} のいずれかを指定してください。")
        try:
            return self.linter(profile, _selectors(select) or None, _selectors(ignore))
        except TeineiError as error:
            raise ApiError(400, f"設定またはルールの指定に誤りがあります: {error}") from None

    @staticmethod
    def document(text: str, subject: str | None, attachments: list[str] | None) -> Document:
        """The document ``teinei check -`` would read from this text; with a subject or attachments, an e-mail
        draft (``Linter.lint``'s ``subject``)."""
        from teinei.inputs import read_bytes, text_document

        try:
            if subject is None and attachments is None:
                return read_bytes(text.encode("utf-8"), "-")
            document = text_document(text, "-", subject=subject, attachments=attachments)
        except UnicodeEncodeError:
            raise ApiError(400, "本文に文字として読めない部分（対になっていないサロゲート）があります。") from None
        except InputError as error:
            raise ApiError(400, _unreadable(error)) from None
        if not document.has_authored_text():
            raise ApiError(400, "確認する本文がありません（空か、引用と署名だけです）。")
        return document

    def _lint(self, linter: Linter, document: Document, profile: str | None, today: dt.date | None) -> LintResult:
        # As the command line: an e-mail's own Date header outranks the reference date given.
        when = None if document.date else (today or self.today)
        return linter.lint_document(document, profile=profile, today=when)

    def check(self, request: CheckRequest, *, detail: bool = False) -> str | bytes | dict[str, Any]:
        """``teinei check --format json -`` for the request's text: the same text, byte for byte; with
        ``detail``, the same document plus what the page needs to draw it (offsets and regions)."""
        linter = self._linter_for(request.profile, request.select, request.ignore)
        today = reference_date(request.date)
        document = self.document(request.text, request.subject, request.attachments)
        result = self._lint(linter, document, request.profile, today)
        self.checks += 1
        return _with_detail(result, document) if detail else _render(result)

    def check_eml(
        self, data: bytes, *, profile: str | None, date: str | None, detail: bool
    ) -> str | bytes | dict[str, Any]:
        """A raw e-mail message, decoded here (charsets, MIME, quoted part and signature) as ``teinei check``
        decodes an .eml file."""
        from teinei.inputs import email

        if not data.strip():
            raise ApiError(400, "メールのデータが空です。")
        linter = self._linter_for(profile)
        today = reference_date(date)
        try:
            document = email.parse(data, "-")
        except InputError as error:
            raise ApiError(400, _unreadable(error)) from None
        if not document.has_authored_text():
            raise ApiError(400, "確認する本文がありません（空か、引用と署名だけです）。")
        result = self._lint(linter, document, profile, today)
        self.checks += 1
        return _with_detail(result, document) if detail else _render(result)

    def fix(self, request: FixRequest) -> dict[str, Any]:
        """The text with every safe fix applied until nothing changes, and the findings those fixes resolved."""
        from teinei.fix import fix_text

        linter = self._linter_for(request.profile, request.select, request.ignore)
        today = reference_date(request.date)
        document = self.document(request.text, request.subject, request.attachments)  # unreadable: 400
        if document.text != request.text:  # read as a raw mail: the fixes would index its decoded body
            why = "ヘッダー付きのメールとして読んだため、自動修正はできません"
            raise ApiError(400, f"{why}。本文だけを送ってください。")

        def lint(text: str) -> LintResult:
            return self._lint(linter, self.document(text, request.subject, request.attachments), request.profile, today)

        text, applied = fix_text(lint, request.text, unsafe=request.unsafe)
        self.checks += 1
        return {"text": text, "applied": [_finding_json(f) for f in applied]}

    def rules(self) -> list[dict[str, Any]]:
        """Every rule the server's linter knows, as ``teinei rules`` lists them."""
        return [_rule_summary(loaded) for loaded in self.linter().ruleset.rules.values()]

    def rule(self, rule_id: str, date: str | None = None) -> dict[str, Any]:
        """One rule as ``teinei explain`` shows it (example dates from ``date``, else the server's reference
        date), and the same fields one by one."""
        from teinei.explain import explain_rule, templates_with_dates

        loaded = self.linter().ruleset.rules.get(rule_id)
        if loaded is None:
            raise ApiError(404, f"ルール「{rule_id}」はありません（一覧は /api/rules）。")
        rule = loaded.rule
        today = reference_date(date) or self.today
        message, suggestions = templates_with_dates(loaded, today)
        return {
            **_rule_summary(loaded),
            "message": message,
            "suggestions": suggestions,
            "examples": {
                "bad": [{"text": b.text, "at": b.at, "fixed": b.fixed} for b in rule.examples.bad],
                "good": [g.text for g in rule.examples.good],
            },
            "explain": explain_rule(loaded, today=today),
        }


def _unreadable(error: InputError) -> str:
    return f"読み取れませんでした。{error.why}。"


def _rule_summary(loaded: Any) -> dict[str, Any]:
    rule = loaded.rule
    kind = getattr(rule, "kind", "")
    fix = rule.fix.applicability if rule.fix else ("safe" if kind == "substitution" else None)
    return {
        "id": loaded.id,
        "category": rule.category or "",
        "severity": rule.severity.value,
        "kind": kind,
        "profiles": list(rule.profiles),
        "fix": fix,
        "description": rule.description.strip(),
    }


def _render(result: LintResult) -> str | bytes:
    """``teinei check --format json``'s text for one result. The standard library indents JSON in pure Python
    (its C encoder writes only compact JSON), which took 0.15 ms of a 3-5 ms check; orjson writes the same
    bytes (two-space indent, ": " and "," separators, UTF-8 unescaped, keys in order) in a third of that. A
    value it refuses (a lone surrogate, a non-string key) goes the standard way."""
    from teinei.report.json import document, render

    if _orjson is not None:
        try:
            return _orjson.dumps(document([result]), option=_orjson.OPT_INDENT_2 | _orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return render([result])


def _with_detail(result: LintResult, document: Document) -> dict[str, Any]:
    """The JSON report plus, for drawing: each finding's 0-based character offsets into its part, and the
    document as decoded (an e-mail's body and subject), with the regions that are not the author's."""
    from teinei.document import RegionRole
    from teinei.report.json import document as report

    payload = report([result])
    for entry, finding in zip(payload["files"][0]["findings"], result.findings, strict=True):  # type: ignore[index]
        entry["start"], entry["end"] = finding.start, finding.end

    def regions(part: Document | None) -> list[dict[str, object]]:
        shown = (RegionRole.QUOTE, RegionRole.SIGNATURE, RegionRole.CODE)
        found = part.regions if part is not None else []
        # (the key stays "kind": the page and API clients read it)
        return [{"kind": r.role.value, "start": r.start, "end": r.end} for r in found if r.role in shown]

    when = document.sent_at or document.date
    payload["document"] = {
        "text": document.text,
        "subject": document.subject.text if document.subject is not None else None,
        "attachments": list(document.attachments),
        "date": _iso(when),
        "regions": {"body": regions(document), "subject": regions(document.subject)},
    }
    return payload


def _iso(when: dt.date | None) -> str | None:
    if isinstance(when, dt.datetime):
        return when.isoformat(timespec="minutes")
    return when.isoformat() if when is not None else None
