"""Long texts: the input layer works on slices and tails of the text, never a copy per character or a list
of every line. These properties check that the shortcuts give exactly what reading everything gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from teinei.document import PLACEHOLDER_FILL, Document, Region, RegionRole, blanked
from teinei.inputs import quotes, signature, template, text_document

# Lines of a message body, its signature and quoted text, with the line breaks mail clients write.
LINES = [
    "いつもお世話になっております。", "資料をお送りします。", "ご確認ください", "よろしくお願いいたします。", "",
    "━━━━━━━━━━", "＝＝＝＝＝", "********", "株式会社サンプル", "営業部 山田太郎", "TEL: 03-1234-5678",
    "mail: yamada@example.jp", "https://example.jp", "〒100-0001 東京都千代田区", "-- ", "> 引用です", "＞引用",
]
BREAKS = ["\n", "\n", "\r\n", "\r", "\u2028"]
message = st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(BREAKS)), max_size=60).map(
    lambda pairs: "".join(line + brk for line, brk in pairs)
)


def per_character(text: str, regions: list[Region], keep: str = "\r\n") -> str:
    """The authored text the slow, obvious way: placeholders first, in order, then every blanked region."""
    chars = list(text)
    for region in sorted(regions, key=lambda r: r.role is not RegionRole.PLACEHOLDER):
        fill = PLACEHOLDER_FILL if region.role is RegionRole.PLACEHOLDER else " "
        for i in range(region.start, region.end):
            if chars[i] not in keep:
                chars[i] = fill
                fill = " "
    return "".join(chars)


@st.composite
def text_with_regions(draw: st.DrawFn) -> tuple[str, list[Region]]:
    text = draw(st.text(alphabet="あ漢a😀 \u3000\r\n{}○", max_size=40))
    spans = st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted)
    regions = draw(st.lists(st.tuples(spans, st.sampled_from(list(RegionRole))), max_size=6))
    return text, [Region(start, end, role) for (start, end), role in regions]


@settings(max_examples=300, deadline=None)
@given(text_with_regions())
def test_authored_text_equals_blanking_each_character(case: tuple[str, list[Region]]) -> None:
    text, regions = case
    document = Document(text=text, regions=regions)
    assert document.authored_text() == per_character(text, regions)
    spans = [(r.start, r.end) for r in regions]
    assert blanked(text, spans, keep="\n") == per_character(text, [Region(s, e, RegionRole.QUOTE) for s, e in spans], "\n")


@settings(max_examples=300, deadline=None)
@given(message, st.integers(1, 64))
def test_signature_read_from_the_tail_as_from_the_whole_text(text: str, window: int) -> None:
    whole = signature._WINDOW
    try:
        signature._WINDOW = len(text) + 1
        expected = signature.find_signature(text, len(text))
        signature._WINDOW = window  # a tail this short must grow until it decides as the whole text does
        assert signature.find_signature(text, len(text)) == expected
    finally:
        signature._WINDOW = whole


def test_signature_after_a_long_message_is_marked() -> None:
    body = "お世話になっております。ライトハウス出版の森田です。\n\n" + "ご依頼の原稿を確認し、修正点をまとめました。\n" * 400
    box = "━━━━━━━━━━━━━━\nライトハウス出版 編集部\n森田 花子\nTEL: 03-1234-5678\nMail: morita@example.jp\n━━━━━━━━━━━━━━\n"
    text = body + "\nよろしくお願いいたします。\n\n" + box
    document = text_document(text)
    assert [(r.start, r.end) for r in document.regions if r.role is RegionRole.SIGNATURE] == [
        (len(text) - len(box), len(text))
    ]
    assert document.authored_text().endswith("よろしくお願いいたします。\n\n" + "".join(
        "\n" if ch == "\n" else " " for ch in box
    ))


FIELD_LINES = ["差出人: 山田太郎", "送信日時: 2026年11月20日 10:00", " *From:* Taro", "件名: Re: お見積り", "To: sato@example.jp"]
header_blocks = st.lists(
    st.tuples(st.sampled_from(LINES + FIELD_LINES), st.sampled_from([*BREAKS, "\x0c", "\x85", "\u2029"])),
    max_size=40,
).map(lambda pairs: "".join(line + brk for line, brk in pairs))


@settings(max_examples=400, deadline=None)
@given(header_blocks)
def test_header_field_blocks_are_found_as_a_line_by_line_reading_finds_them(text: str) -> None:
    """A text without two field lines in a row is not read line by line: nothing is missed that way."""
    assert quotes._field_blocks(text) == quotes._field_blocks_of_lines(text)


# The plain forms of the alternatives that ``template.PLACEHOLDER`` writes with the lookbehind after the first
# character (for speed), and of the marker search behind ``quotes._wrote_lines``.
_MARKS = template._MARKS
PLAIN_PLACEHOLDER = (
    template.PLACEHOLDER.pattern.replace(
        f"[{_MARKS}](?<![{_MARKS}].)[{_MARKS}]{{1,5}}(?![{_MARKS}])", f"(?<![{_MARKS}])[{_MARKS}]{{2,6}}(?![{_MARKS}])"
    ).replace(
        "[XＸ](?<![A-Za-z].)(?:[XＸ]{1,7}|(?=[年月日時分様社]))(?![A-Za-z])",
        "(?<![A-Za-z])(?:[XＸ]{2,8}|[XＸ](?=[年月日時分様社]))(?![A-Za-z])",
    )
)
placeholder_text = st.text(alphabet="○〇●×✕XＸAa年月日時様社曜程 {}【】名\n1", max_size=16)
wrote_text = st.lists(
    st.sampled_from(["山田 <t@example.com> wrote:", "さんは書きました：", " wrote:", "> 山田 wrote:", "rewrote:",
                     "書き込みました:", "本文", "\n", "\r\n", " ", "writes :", "_wrote:", "x" * 150]),
    max_size=8,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(placeholder_text)
def test_placeholders_are_found_as_the_plain_pattern_finds_them(text: str) -> None:
    assert "(?<![A-Za-z].)" not in PLAIN_PLACEHOLDER and f"(?<![{_MARKS}].)" not in PLAIN_PLACEHOLDER  # both replaced
    plain = [m.span() for m in re.finditer(PLAIN_PLACEHOLDER, text)]
    assert [m.span() for m in template.PLACEHOLDER.finditer(text)] == plain


@settings(max_examples=400, deadline=None)
@given(wrote_text)
def test_wrote_headers_are_found_as_a_search_of_every_line_finds_them(text: str) -> None:
    assert [m.span() for m in quotes._wrote_lines(text)] == [m.span() for m in quotes._HEADERS[2].finditer(text)]
