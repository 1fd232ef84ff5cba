"""A thanks sentence built from what the writer received, put where thanks belong: after the addressee and the
greeting for a message that has none (原稿をお送りいただき、ありがとうございます。), right after the sentence
that reports a receipt (資料を拝受しました。[お送りいただき、ありがとうございます。]). Unsafe: it adds a sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match
    from teinei.tokens import Sentence

THANKS = "ありがとうございます。"
# The opening a thanks sentence goes after: an addressee line (田中様, 各位) and the greeting.
_OPENING = lazy(
    r"^(?:\S*(?:様|さま|さん|殿|御中|各位|部長|課長|先生)[、。]?|"
    r".*(?:お世話に(?:なって|なり)|お疲れ(?:様|さま)|こんにちは|おはようございます|はじめまして|初めまして)\S*|"
    r"[^、。]{1,24}(?:でございます|です)。?)$"  # the writer's name (丸山工業の井上です)
)


def _continuative(action: str) -> str:
    """The act as 〜いただき takes it: 送っ → お送り, 共有し → 共有, ご確認 stays."""
    if action.endswith("し"):
        return action[:-1]
    if not action.endswith(("っ", "ん", "い")):
        return action
    from teinei.rewrites.conjugate import continuative
    from teinei.tokens import tokenize_line

    tokens = tokenize_line(action + "て", 0)
    if not tokens or tokens[0].pos1 != "動詞":
        return action
    stem = continuative(tokens[0].base, tokens[0].ctype)
    return f"お{stem}" if stem and tokens[0].ctype.startswith("五段") else (stem or action)


def _what_was_received(match: Match) -> str:
    """The thanks sentence from the trigger's captures (the received concept names the thing and the act)."""
    captures = match.captures
    thing, action, item, deed = (captures.get(k, "") for k in ("thing", "action", "item", "deed"))
    action = _continuative(re.sub(r"(?:して|て|で)$", "", action))  # 送って → お送り (〜いただき follows)
    if thing and action:
        return f"{thing}を{action}いただき、{THANKS}"
    if item:
        return f"{item}をいただき、{THANKS}"
    if deed:
        return f"{deed}いただき、{THANKS}"
    return f"ご連絡いただき、{THANKS}"


def _after_opening(analysis: Analysis) -> tuple[int, Sentence | None]:
    """The offset of the first sentence after the addressee and greeting, and that sentence."""
    text = analysis.text
    for sentence in analysis.sentences:
        if not _OPENING.match(text[sentence.start : sentence.end].strip()):
            return sentence.start, sentence
    return len(text.rstrip()), None


def add_thanks(match: Match, analysis: Analysis) -> Edit | None:
    """A thanks sentence at the start of the message's content (its own line when the content starts one); a
    sentence that reports what was received (原稿をお送りいただきました) turned into the thanks itself."""
    text = analysis.text
    if text.startswith("いただきました", match.end - 7):
        return Edit(match.end - 7, match.end, "いただき、ありがとうございます")
    start, first = _after_opening(analysis)
    if first is None:
        return None
    own_line = start == 0 or text[start - 1] == "\n"
    ends_line = text[first.end : first.end + 1] in ("\n", "")
    return Edit(start, start, _what_was_received(match) + ("\n" if own_line and ends_line else ""))


def thank_for_receipt(match: Match, analysis: Analysis) -> Edit | None:
    """After the sentence reporting a receipt, the thanks for sending it (資料を拝受しました。お送りいただき、…)."""
    text = analysis.text
    sentence = analysis.sentence_at(match.start)
    if sentence is None:
        return None
    end = sentence.end
    act = "ご入金" if re.search(r"入金|振込|振り込", text[sentence.start : end]) else "お送り"
    closer = "" if text[end - 1 : end] in ("。", "！", "!") else "。"
    return Edit(end, end, f"{closer}{act}いただき、{THANKS}")
