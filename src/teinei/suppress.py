"""Inline suppressions: ``teinei:`` directives in a template's own comment syntax, parsed once per document
into a mask of line ranges that records which suppressions were used.

    {# teinei: ignore[deadline/missing] #}      Jinja comment (any file: the input layer reads {# #} as logic)
    <!-- teinei: ignore[curt, scope/vague] -->  HTML comment (Markdown, HTML and template files only)

``ignore`` covers the line the comment ends when text precedes it there, else the next line with text;
``disable`` ... ``enable`` covers a region (to the end of the file when never enabled again); ``ignore-file``
covers the whole message, subject included. Brackets name rule ids or categories; without them, every rule.
Text after the directive is a free reason. Plain .txt and .eml have no comments: use per-file ignores.

A suppression that is malformed, names an unknown rule, or suppresses nothing is itself a finding, with the
rule id ``teinei/unused-suppression`` (category ``teinei``, severity info), selectable like any rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from teinei.document import Document, Region, RegionRole
from teinei.findings import Finding, make_finding
from teinei.lazy_re import lazy
from teinei.ruleset.record import Record
from teinei.ruleset.rule_set import LoadedRule
from teinei.ruleset.terms import CATEGORIES, Severity

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match

META_CATEGORY = "teinei"
META_ID = "teinei/unused-suppression"
ACTIONS = ("ignore", "disable", "enable", "ignore-file")
_EXAMPLE = "{# teinei: ignore[deadline/missing] #}"

# Where HTML comments are comments: Markdown, HTML and template files (not .txt or .eml, whose text is sent).
HTML_COMMENT_SUFFIXES = frozenset(
    {".md", ".markdown", ".html", ".htm", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".hbs", ".mustache"}
)
_JINJA = lazy(r"\{#-?\s*teinei:(?P<body>.*?)-?#\}", re.S)
_HTML = lazy(r"<!--\s*teinei:(?P<body>.*?)-->", re.S)
_DIRECTIVE = lazy(r"\s*(?P<action>[\w-]*)\s*(?:\[(?P<ids>[^\]]*)\])?", re.S)
_FOREVER = 1 << 30


def is_meta(selector: str) -> bool:
    return selector in (META_CATEGORY, META_ID)


def without_meta(selectors: Iterable[str]) -> list[str]:
    """Selectors naming rules from rule files (the meta rule is not one, so ``check_selectors`` skips it)."""
    return [s for s in selectors if not is_meta(s)]


def meta_reported(select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Whether the meta rule runs: selected like any rule (by id or by its category ``teinei``)."""
    chosen = list(select)
    if chosen and not any(is_meta(s) for s in chosen):
        return False
    return not any(is_meta(s) for s in ignore)


class _NoMatches:
    def find(self, analysis: Analysis) -> Iterator[Match]:
        return iter(())


# The meta rule is defined here rather than in a rule file: its findings come from directives, not from a
# check. It is a plain record (the fields of a rule model, unvalidated) because its category is teinei's own,
# not a message category.
META_RULE = LoadedRule(
    Record("RuleBase", dict(
        id=META_ID,
        category=META_CATEGORY,
        severity=Severity.INFO,
        description="teinei の抑制コメントのうち、書式の誤り、存在しないルール名、何も抑制していないものを知らせます。",
        message="{problem}",
        suggest=["{advice}"],
        profiles=["external", "internal", "chat"],
        part="body",
        unless=[],
        fix=None,
        replaces=None,
    )),
    "teinei",
    _NoMatches(),
)


def _covers(selector: str | None, rule_id: str) -> bool:
    return selector is None or rule_id == selector or rule_id.startswith(selector + "/")


@dataclass
class Directive:
    """One ``teinei:`` comment as written."""

    text: str  # the whole comment
    action: str
    ids: tuple[str, ...] | None  # None: every rule
    start: int
    end: int
    line: int
    end_line: int
    closed: bool = False  # for ``enable``: whether it ended a region

    @property
    def label(self) -> str:
        """The directive without comment marks and reason: ``ignore[deadline/missing]``."""
        if self.action not in ACTIONS:
            body = self.text.split("teinei:", 1)[1].removesuffix("-->").removesuffix("#}").strip(" -")
            return "teinei: " + " ".join(body.split())[:40]
        return self.action + (f"[{', '.join(self.ids)}]" if self.ids is not None else "")


@dataclass
class Suppression:
    """One rule selector of one directive, over lines ``first``..``last`` (``whole``: the message, subject too)."""

    directive: Directive
    selector: str | None
    first: int
    last: int
    whole: bool = False
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if finding.part != "body" and not self.whole:
            return False
        return _covers(self.selector, finding.rule) and (self.whole or self.first <= finding.line <= self.last)


@dataclass
class Suppressions:
    """A body's ``teinei: ignore`` directives, the lines each one silences, and where they are written."""

    directives: list[Directive] = field(default_factory=list)
    mask: list[Suppression] = field(default_factory=list)
    comments: list[Region] = field(default_factory=list)  # the directives' spans, in the order found

    @classmethod
    def parse(cls, document: Document) -> Suppressions:
        """The directives of a document body (the document is read, not changed; see ``marked``)."""
        text = document.text
        if "teinei:" not in text:
            return cls()
        syntaxes = [_JINJA]
        if Path(document.path).suffix.lower() in HTML_COMMENT_SUFFIXES:
            syntaxes.append(_HTML)
        directives = []
        comments: list[Region] = []
        for syntax in syntaxes:
            for m in syntax.finditer(text):
                directives.append(_directive(document, m))
                comments.append(Region(m.start(), m.end(), RegionRole.CODE))
        directives.sort(key=lambda d: d.start)
        return cls(directives, _mask(document, directives), comments)

    def marked(self, document: Document) -> Document:
        """The document with the directives' comments marked as not authored text (an HTML comment would
        otherwise be read as a sentence and change what message-level rules see): a new document when there
        are directives, ``document`` itself, unchanged, when there are none."""
        new = [r for r in dict.fromkeys(self.comments) if r not in document.regions]
        if not new:
            return document
        return replace(document, regions=[*document.regions, *new])

    def settle(
        self,
        findings: list[Finding],
        *,
        ran: Iterable[str],
        known: Iterable[str],
        analysis: Analysis | None,
        severity: Severity | None,
    ) -> list[Finding]:
        """The findings no suppression covers, plus (when ``severity`` is given) one meta finding per
        malformed, unknown or unused suppression. ``ran``: ids of the rules that ran on this document."""
        if not self.directives:
            return findings
        kept = []
        for finding in findings:
            covering = [s for s in self.mask if s.covers(finding)]
            for suppression in covering:
                suppression.used = True
            if not covering:
                kept.append(finding)
        if severity is None or analysis is None:
            return kept
        from teinei.analysis import Match  # (the text's analysis module: not for a result from the cache)

        ran_ids = list(ran)
        known_ids = set(known) | set(CATEGORIES) | {rule_id.split("/")[0] for rule_id in known}
        for directive, problem, advice in self._problems(ran_ids, known_ids):
            match = Match(directive.start, directive.end, {"problem": problem, "advice": advice})
            kept.append(make_finding(META_RULE, match, analysis, severity))
        return kept

    def _problems(self, ran: list[str], known: set[str]) -> Iterator[tuple[Directive, str, str]]:
        for directive in self.directives:
            label = f"「{directive.label}」"
            if directive.action not in ACTIONS:
                yield directive, f"抑制コメント{label}を読み取れません。", (
                    f"ignore・disable・enable・ignore-file のいずれかを書きましょう（例：{_EXAMPLE}）。"
                )
                continue
            if directive.ids == ():
                yield directive, f"抑制コメント{label}にルールが書かれていません。", (
                    "抑制するルール ID かカテゴリーを書くか、[ ] ごと削除しましょう。"
                )
                continue
            unknown = [i for i in directive.ids or () if i not in known and not any(_covers(i, r) for r in known)]
            if unknown:
                names = "".join(f"「{i}」" for i in unknown)
                yield directive, f"抑制コメントにある{names}というルールやカテゴリーはありません。", (
                    "`teinei rules` でルール ID を確かめて書き直しましょう。"
                )
            if directive.action == "enable":
                if not directive.closed:
                    yield directive, f"抑制コメント{label}に対応する disable がありません。", (
                        "不要な enable は削除しましょう。"
                    )
                continue
            mine = [s for s in self.mask if s.directive is directive and s.selector not in unknown]
            unused = [
                s for s in mine
                if not s.used and (s.selector is None or any(_covers(s.selector, r) for r in ran))
            ]
            if unused and len(unused) == len(mine) and not unknown:
                yield directive, f"抑制コメント{label}で抑制される指摘はありません。", _REMOVE
            elif unused:
                names = "".join(f"「{s.selector}」" for s in unused)
                yield directive, f"抑制コメントのうち{names}で抑制される指摘はありません。", _REMOVE


_REMOVE = "文面を直して不要になった抑制は削除しましょう。"


def _directive(document: Document, m: re.Match[str]) -> Directive:
    parsed = _DIRECTIVE.match(m.group("body"))
    action = parsed.group("action") if parsed else ""
    raw_ids = parsed.group("ids") if parsed else None
    ids = None if raw_ids is None else tuple(i.strip() for i in raw_ids.split(",") if i.strip())
    line = document.position(m.start())[0]
    end_line = document.position(m.end())[0]
    return Directive(m.group(0), action, ids, m.start(), m.end(), line, end_line)


def _selectors(directive: Directive) -> list[str | None]:
    return list(directive.ids) if directive.ids else [None]


def _mask(document: Document, directives: list[Directive]) -> list[Suppression]:
    """Line ranges, computed once: ``disable`` regions are paired with the ``enable`` that ends them."""
    lines = _Lines(document, directives)
    mask: list[Suppression] = []
    open_regions: list[Suppression] = []
    for directive in directives:
        if directive.action == "ignore-file":
            mask.extend(Suppression(directive, s, 1, _FOREVER, whole=True) for s in _selectors(directive))
        elif directive.action == "ignore":
            target = lines.target(directive)
            mask.extend(Suppression(directive, s, target, target) for s in _selectors(directive))
        elif directive.action == "disable":
            regions = [Suppression(directive, s, directive.line, _FOREVER) for s in _selectors(directive)]
            mask.extend(regions)
            open_regions.extend(regions)
        elif directive.action == "enable":
            for region in list(open_regions):
                if directive.ids is None or region.selector in directive.ids:
                    region.last = directive.end_line
                    open_regions.remove(region)
                    directive.closed = True
    return mask


class _Lines:
    """The text's lines, and which of them hold nothing but directives (stacked comments skip over them)."""

    def __init__(self, document: Document, directives: list[Directive]) -> None:
        self.text = text = document.text
        self.starts = document.line_starts()
        self.first = document.first_line  # directives' lines are the file's (``Document.position``)
        self.only_directives: set[int] = set()
        for directive in directives:
            for line in range(directive.line, directive.end_line + 1):
                start, end = self.span(line)
                outside = "".join(
                    ch for i, ch in enumerate(text[start:end], start)
                    if not any(d.start <= i < d.end for d in directives)
                )
                if not outside.strip():
                    self.only_directives.add(line)

    def span(self, line: int) -> tuple[int, int]:
        index = line - self.first
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return start, end

    def target(self, directive: Directive) -> int:
        """The line an ``ignore`` covers: its own when text precedes the comment, else the next line with text."""
        line_start = self.span(directive.line)[0]
        if self.text[line_start : directive.start].strip():
            return directive.line
        for line in range(directive.end_line + 1, len(self.starts) + self.first):
            start, end = self.span(line)
            if line not in self.only_directives and self.text[start:end].strip():
                return line
        return _FOREVER
