"""Templates: placeholders become opaque nouns; template logic, front matter, Markdown code and HTML markup
are skipped. Every region keeps the offsets of the file, so findings point at the template's own lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from teinei.document import Document, Region, RegionRole
from teinei.intervals import Intervals
from teinei.lazy_re import lazy

_MARKS = "○〇◯●△□×✕"  # what people type for "fill in here": ○○様, ○月○日, ××株式会社
# Counters and nouns a single mark stands before (○日, ○月, ○様, ○社); not 日程/日時/日本/時間/月曜, where a
# leading ○ is a bullet.
_COUNTED = r"(?:年|月(?!曜)|日(?!程(?!度)|時|本|常|曜)|時(?!間|点)|分|秒|様|さま|社|名|円|件|人|回|週|個|点|部|課|号)"

_NOT_A_DATE = (
    r"(?![^【】\n]*(?:[0-9０-９一二三四五六七八九十]|本日|今日|明日|明後日|昨日|当日|翌日|毎日|今週|来週|今月|来月))"
)

# Each alternative is one placeholder syntax people write in mail templates.
PLACEHOLDER = lazy(
    r"\{\{\{[^{}\n]{1,80}\}\}\}"  # {{{ raw }}} (Handlebars, Mustache)
    r"|\{\{[^{}\n]{1,80}\}\}"  # {{ name }}, {{name|default}} (Jinja, Handlebars, Mustache)
    r"|\$\{[^{}\s]{1,60}\}"  # ${name}
    r"|%\([^()\s]{1,60}\)[sdifr]"  # %(name)s
    r"|\{(?:[^\W\d][\w.\-]{0,60}|\d{1,2})(?:[!:][^{}\n]{0,20})?\}"  # {name}, {会社名}, {0}, {amount:,}
    # (A lookbehind comes after the first character, so that every alternative starts with a character class:
    # ``re`` then skips ahead to the places where one can start.)
    rf"|[{_MARKS}](?<![{_MARKS}].)[{_MARKS}]{{1,5}}(?![{_MARKS}])"  # ○○, ××, ●●
    rf"|[{_MARKS}](?={_COUNTED})"  # ○日, ○月○日, ×様
    r"|[XＸ](?<![A-Za-z].)(?:[XＸ]{1,7}|(?=[年月日時分様社]))(?![A-Za-z])"  # XX様, X月X日
    # 【会社名】様, 【担当者名】, 【締切日】: a bracketed field name, not a label such as 【重要】【ご確認のお願い】
    # nor a real date such as 【12月5日】【本日締切】
    rf"|【{_NOT_A_DATE}[^【】\n]{{1,20}}】(?=\s*(?:様|さま|殿|御中))"
    rf"|【{_NOT_A_DATE}[^【】\n]{{0,18}}"
    r"(?:名|者|先|日|日時|日付|期限|期日|締切|番号|金額|価格|住所|URL|アドレス|部署|役職|件名|場所|内容)】"
)
# Template logic is not text: {% if %}…{% endif %}, {# comment #}, and Handlebars' {{#if}} {{/if}} {{else}}
# {{! comment }} {{> partial}}. (Found by ``_logic_spans``: a lazy ``.*?`` to a closer scans to the end of the
# text from every unclosed opener, so 100 KB of ``{%`` took minutes.)
_LOGIC_OPENER = lazy(r"\{%|\{#|\{\{!--|\{\{[ \t]*(?:[#/^!>~&]|else\b)")
_LOGIC_CLOSERS = {"{%": "%}", "{#": "#}", "{{!--": "--}}"}
_HANDLEBARS = lazy(r"\{\{[ \t]*(?:[#/^!>~&]|else\b)[^{}]{0,200}\}\}")
# Front matter: YAML (---) or TOML (+++) at the very top, whose first line is a key.
_FRONT_MATTER = lazy(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\r?\n(?=[ \t]*[\w.\-]+[ \t]*[:=])(?P<body>.*?)\r?\n(?P=fence)[ \t]*(?:\r?\n|\Z)",
    re.S,
)
_SUBJECT_KEY = lazy(r"^[ \t]*(?:subject|件名)[ \t]*[:=][ \t]*(?P<value>.*?)[ \t]*\r?$", re.M | re.I)
_FENCE = lazy(r"^[ \t]{0,3}(?P<fence>```|~~~)[^\n]*\n.*?^[ \t]{0,3}(?P=fence)[^\n]*$", re.S | re.M)
_INLINE_CODE = lazy(r"`[^`\n]{1,200}`")
_HTML_SKIPPED = lazy(r"<(script|style|head)\b[^<>]{0,2000}>", re.I)  # up to its end tag (``_skipped_spans``)
_HTML_TAG = lazy(
    r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|&(?:[A-Za-z]{2,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});"
)
LOOKS_LIKE_HTML = lazy(
    r"<(?:p|br|div|span|table|td|tr|li|ul|ol|a|strong|b|em|h[1-6]|html|body)\b[^<>]{0,500}>", re.I
)


def _outside(regions: list[Region]) -> Callable[[int], bool]:
    """Whether an offset lies outside all of ``regions`` (indexed once: a template has thousands)."""
    index = Intervals((r.start, r.end) for r in regions)
    return lambda start: not index.overlaps(start, start + 1)


def _logic_spans(text: str) -> Iterator[tuple[int, int]]:
    """Template logic, leftmost first, in one pass: an opener whose closer appears nowhere after it is not
    logic, and neither is any later opener of its sort (so each closer is searched for once)."""
    unclosed: set[str] = set()
    position = 0
    while (opener := _LOGIC_OPENER.search(text, position)) is not None:
        start, end, closer = opener.start(), -1, _LOGIC_CLOSERS.get(opener.group())
        if closer is not None and opener.group() not in unclosed:
            found = text.find(closer, opener.end())
            if found < 0:
                unclosed.add(opener.group())
            else:
                end = found + len(closer)
        if end < 0 and (block := _HANDLEBARS.match(text, start)) is not None:
            end = block.end()
        if end < 0:
            position = start + 1
            continue
        yield start, end
        position = end


def _comment_spans(text: str) -> Iterator[tuple[int, int]]:
    """HTML comments ``<!-- … -->``; an unclosed one ends the search (nothing after it can close)."""
    position = 0
    while (start := text.find("<!--", position)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        yield start, end + 3
        position = end + 3


def _skipped_spans(text: str) -> Iterator[tuple[int, int]]:
    """``<script>``, ``<style>`` and ``<head>`` elements, each to its end tag; an element whose end tag is
    nowhere after it is left to the tag pass, and so is every later one of its name."""
    unclosed: set[str] = set()
    position = 0
    while (element := _HTML_SKIPPED.search(text, position)) is not None:
        name = element.group(1).lower()
        close = None if name in unclosed else re.compile(rf"</{name}\s*>", re.I).search(text, element.end())
        if close is None:
            unclosed.add(name)
            position = element.start() + 1
            continue
        yield element.start(), close.end()
        position = close.end()


# The characters one of which starts every placeholder and every piece of template logic (``{``): a text
# with none has neither, and is not searched (compiling the placeholder pattern is about 2 ms of a one-shot
# check).
_OPENERS = frozenset("{$%【XＸ" + _MARKS)


def mark_template(document: Document) -> None:
    """Template logic as code; placeholders as opaque nouns (except inside code already marked)."""
    text = document.text
    if _OPENERS.isdisjoint(text):
        return
    document.regions.extend(Region(start, end, RegionRole.CODE) for start, end in _logic_spans(text))
    outside = _outside([r for r in document.regions if r.role is RegionRole.CODE])
    for m in PLACEHOLDER.finditer(text):
        if outside(m.start()):
            document.regions.append(Region(m.start(), m.end(), RegionRole.PLACEHOLDER))


def mark_front_matter(document: Document) -> None:
    """Front matter is configuration; a ``subject:`` (件名:) in it is the template's subject and is linted."""
    front = _FRONT_MATTER.match(document.text)
    if front is None:
        return
    document.regions.append(Region(0, front.end(), RegionRole.CODE))
    subject = _SUBJECT_KEY.search(front.group("body"))
    if subject is not None and document.subject is None:
        value = subject.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        part = Document(text=value, path=document.path, part="subject")
        mark_template(part)
        document.subject = part


def mark_fences(document: Document) -> None:
    """Fenced code blocks (``` or ~~~) are not message text, in .md and .txt templates alike."""
    document.regions.extend(Region(m.start(), m.end(), RegionRole.CODE) for m in _FENCE.finditer(document.text))


def mark_markdown(document: Document) -> None:
    """Inline code and HTML comments of a Markdown file are not message text (fences are marked already)."""
    text = document.text
    outside = _outside([r for r in document.regions if r.role is RegionRole.CODE])
    code = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(text)]
    for spans in (code, _comment_spans(text)):
        document.regions.extend(Region(start, end, RegionRole.CODE) for start, end in spans if outside(start))


def mark_html(document: Document) -> None:
    """HTML markup in a template is blanked in place, so the text between tags keeps its file positions."""
    text = document.text
    skipped = [Region(start, end, RegionRole.CODE) for start, end in _comment_spans(text)]
    skipped += [Region(start, end, RegionRole.CODE) for start, end in _skipped_spans(text)]
    outside = _outside(skipped)
    tags = [Region(m.start(), m.end(), RegionRole.CODE) for m in _HTML_TAG.finditer(text) if outside(m.start())]
    document.regions.extend(skipped + tags)
