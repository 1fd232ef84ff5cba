"""A blunt refusal rewritten as an apology, the refusal in its できかねます form and a slot for an alternative
(〇〇であれば対応可能です): display-only, since only the writer knows what they can offer instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit
from teinei.rewrites.request import SOFTENED

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match

APOLOGY = "申し訳ございませんが、"
ALTERNATIVE = "〇〇であれば対応可能です。"
DECLINE_ALTERNATIVE = "また機会がございましたら、ぜひよろしくお願いいたします。"
# The refusal as matched -> its できかねます form, tried in order; the act is kept (配送できません →
# 配送いたしかねます).
_FORMS = [
    (lazy(r"^(.*(?:いた|致)しかねます)$"), r"\1"),  # already polite: only the apology and the alternative
    (lazy(r"^(.*?)(?:では)(?:でき|出来)ません$"), r"\1では対応いたしかねます"),
    (lazy(r"^(.+?)(?:でき|出来)(?:ません|ない)$"), r"\1いたしかねます"),
    (lazy(r"^(?:でき|出来)(?:ません|ない)$"), "対応いたしかねます"),
    (lazy(r"^(.+?)(?:し)?かねます$"), r"\1いたしかねます"),
    (lazy(r"^(?:では)?無理(?:です|だ)?$"), "お引き受けいたしかねます"),
    (lazy(r"^(.+?)(?:して)?(?:おりません|いません|しません|しない)$"), r"\1いたしかねます"),
    (lazy(r"^(?:は)?不可(?:です|だ)?$"), "お受けいたしかねます"),
]
# A topic before the refusal: 〜の件ですが、 → 〜の件につきましては、 (then the apology: no second 〜が、)
_TOPIC = lazy(r"(?:について)?ですが、")
# 今回は結構です・もういいです: declining an offer, not refusing a request
_DECLINE = lazy(r"^(は|も)?結構です$|^もう(?:いい|結構)です$")


def soften_refusal(match: Match, analysis: Analysis) -> Edit | None:
    """The refusal's sentence: apology first, the refusal in できかねます form, then the alternative slot."""
    text = analysis.text
    sentence = analysis.sentence_at(match.start)
    if sentence is None:
        return None
    phrase = text[match.start : match.end]
    decline = _DECLINE.match(phrase)
    if decline:
        refusal, follow = f"{decline.group(1) or ''}見送らせていただきます", DECLINE_ALTERNATIVE
        if phrase.startswith("もう"):  # 追加の画像とかもういいです → 追加の画像は、今回は見送らせていただきます
            refusal, follow = "今回は見送らせていただきます", "ご検討いただき、ありがとうございました。"
    else:
        refusal = next((p.sub(t, phrase, count=1) for p, t in _FORMS if p.match(phrase)), "")
        follow = ALTERNATIVE
        if not refusal:
            return None
    before = text[sentence.start : match.start]
    if decline and before.endswith(("とか", "なんか")):
        before = before.removesuffix("とか").removesuffix("なんか") + "は、"
    after = text[match.end : sentence.end]
    ending = after if after.strip() else "。"
    if SOFTENED.search(before):
        return Edit(sentence.start, sentence.end, f"{before}{refusal}{ending}{follow}")
    topic = _TOPIC.search(before)
    if topic:  # ご提案の件ですが、今回は → ご提案の件につきましては、申し訳ございませんが、今回は
        before = f"{before[: topic.start()]}につきましては、{APOLOGY}{before[topic.end() :]}"
    elif "が、" in before:  # 検討しましたが、採用しません: a second 〜が、 would not read; the apology goes first
        before = f"申し訳ございません。{before}"
    else:
        before = APOLOGY + before
    return Edit(sentence.start, sentence.end, f"{before}{refusal}{ending}{follow}")
