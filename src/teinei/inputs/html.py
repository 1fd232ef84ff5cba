"""HTML mail bodies to text with the standard library's parser, the way a mail client shows them: block
elements break lines, ``<blockquote>`` becomes ``> `` quoted lines (so the quote finder sees the reply), and
source line breaks inside Japanese text vanish instead of becoming spaces."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "ul", "ol", "pre", "dt", "dd"}
)
_CELLS = frozenset({"td", "th"})
_SKIP = frozenset({"script", "style", "head", "title"})
_WIDE = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# Whitespace between two Japanese characters is a source line break, not a space in the text.
_JOIN = re.compile(rf"(?<=[{_WIDE}])[ \t\r\n]+(?=[{_WIDE}])")
_SPACES = re.compile(r"[ \t\r\n]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.depth = 0  # blockquote nesting
        self.skipping = 0
        self.pre = 0
        self.run: list[str] = []  # inline text not yet flushed into the current line

    def _flush(self) -> None:
        if self.run:
            raw = "".join(self.run).replace("\xa0", " ")
            text = raw if self.pre else _SPACES.sub(" ", _JOIN.sub("", raw))
            self.lines[-1] += text
            self.run = []

    def _break(self, force: bool = False) -> None:
        """End the current line; consecutive block boundaries make one break, each ``<br>`` makes its own."""
        self._flush()
        if force or self.lines[-1].strip("> "):
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "blockquote":
            self._break()
            self.depth += 1
        elif tag == "br":
            self._break(force=True)
        elif tag in _BLOCKS:
            self._break()
            self.pre += tag == "pre"
        elif tag in _CELLS and (self.run or self.lines[-1].strip("> ")):
            self.run.append("\u3000")  # survives the joining of Japanese text, unlike a space

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break(force=True)
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self._break()
            self.depth = max(0, self.depth - 1)
        elif tag in _BLOCKS and tag != "br":
            self._break()
            self.pre = max(0, self.pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.pre:
            for index, piece in enumerate(data.split("\n")):
                if index:
                    self._break()
                self.run.append(piece)
            return
        if not self.lines[-1] and not self.run:
            data = data.lstrip()
            if not data:
                return
        self.run.append(data)
        self._mark_quote()

    def _mark_quote(self) -> None:
        if self.depth and not self.lines[-1].startswith(">"):
            self.lines[-1] = "> " * self.depth + self.lines[-1]


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines = [line.rstrip() for line in parser.lines]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"
