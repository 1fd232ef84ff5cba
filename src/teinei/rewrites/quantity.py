"""A vague amount or scope replaced by a slot for the number the reader needs (何名か → 〇名, かなり増やし →
〇〇増やし, 多めに刷る → 〇〇多く刷る, いろいろなサイズ → 〇〇のサイズ): display-only, only the writer knows it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit
from teinei.rewrites.request import TIMED

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match

SLOT = "〇〇"
# 多め → 多く: the slot says how much more, the adverb keeps the direction
_ADVERBIAL = {
    "多め": "多く", "厚め": "多く", "少なめ": "少なく", "大きめ": "大きく", "小さめ": "小さく", "長め": "長く",
    "短め": "短く", "高め": "高く", "低め": "低く", "薄め": "薄く",
}
# (pattern on the text from the match on, its slot), tried in order
_SLOTS: list[tuple[re.Pattern[str], str]] = [
    (lazy(r"^[何幾]([^\sか]{1,3})か"), r"〇\1"),  # 何名か → 〇名, 何枚か → 〇枚
    (lazy(r"^(?:いくつ|幾つ)か"), "〇点"),
    (lazy(r"^(?:いくら|幾ら)か"), "〇円"),
    (lazy(r"^数(名|人|件|点|個|台|枚|部|社|箱|本|便|回|箇所|ヶ所|カ所|割|冊|セット)"), r"〇\1"),
    (lazy(r"^(?:だいたい|大体|ほぼ)"), "〇割"),
    (lazy(r"^(?:ところどころ|所々)"), "〇箇所"),
    (lazy(r"^(?:いろいろ|色々|諸々|もろもろ)[なと]?"), SLOT + "の"),
    (lazy(r"^(?:もう少し|少し|ちょっと|かなり|可成り|だいぶ|大分|多少|やや|若干|相当程度|相当|大幅に)"), SLOT),
    (lazy(r"^一部"), SLOT),
    (lazy(r"^適当に"), SLOT + "を目安に"),
]


def slot_amount(match: Match, analysis: Analysis) -> Edit | None:
    """The vague word at the start of the match replaced by a slot the writer fills with the number."""
    text = analysis.text
    start = match.start - 2 if text.startswith("もう少し", match.start - 2) else match.start
    phrase = text[start : match.end]
    if phrase.startswith("もう少し"):
        sentence = analysis.sentence_at(start)
        if sentence is None or not TIMED.search(text, sentence.start, sentence.end):
            # もう少し is also read as a vague time, which excuses a request from deadline/missing; without it
            # the request would be asked its deadline: the rewrite waits until the sentence has one.
            return None
    for word, adverb in _ADVERBIAL.items():
        if phrase.startswith(word):
            end = start + len(word)
            end += 1 if text[end : end + 1] in ("に", "の") else 0
            return Edit(start, end, SLOT + adverb)
    for pattern, template in _SLOTS:
        found = pattern.match(text[start : match.end + 1])  # one character past the match: 色々[と]
        if found:
            if template.endswith("の") and not found.group().endswith(("な", "と")):
                template = SLOT  # 備品がいろいろ足りない → 備品が〇〇足りない
            end = start + found.end()
            if template == SLOT + "の" and text[end : end + 1] == "の":
                end += 1  # 諸々の書類 → 〇〇の書類
            return Edit(start, end, found.expand(template))
    return None
