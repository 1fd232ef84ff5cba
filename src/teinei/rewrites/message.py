"""A one-sentence message rewritten as a whole message by profile: the addressee as a slot (〇〇様), the
greeting, the writer's sentence softened (a request conjugated into a polite question), and a closing that fits
what the sentence is (a request, a report or a reply). Display-only: the writer fills in the addressee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit
from teinei.rewrites.request import CUSHION, SOFTENED, polite

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match

# (addressee, greeting, closing after a request, closing after a report or reply) by profile
_FRAMES = {
    "external": (
        "〇〇様", "いつもお世話になっております。", "よろしくお願いいたします。", "引き続きよろしくお願いいたします。"
    ),
    "internal": ("〇〇さん", "お疲れさまです。", "よろしくお願いします。", "引き続きよろしくお願いします。"),
}
# The request phrase that ends a sentence: ご確認ください, 教えてください, 確認お願いします, 送ってもらえますか
_REQUEST_END = lazy(
    r"(?:[ごお御][^\s、。をにがはでと]+?(?:して|を)?(?:ください|下さい)|"
    r"[^\s、。をにがはでと]*?[てで](?:ください|下さい|くれ|もらえますか|もらえる)|"
    r"[^\s、。をにがはでと]*?を?(?:お願いします|お願いいたします|お願い致します|お願い))[？?]?$"
)
_INVITATION = lazy(r"ぜひ|是非|どうぞ")
_O_SHITE = lazy(r"([ごお御][^\s、。をにがはでと]+?)して(?:ください|下さい)$")  # お試ししてください
_CONDITION = lazy(r"(?:ましたら|でしたら|たら|場合は?|際は?)、?")
_QUESTION = lazy(r"(?:か|の)[？?]?$|[？?]$")
# A reminder asked as a reproach (資料、まだですか？) asked about instead: 資料の件、その後いかがでしょうか。
_STILL_NOT = lazy(r"^(.+?)[、は]?(?:まだ|未だ)(?:ですか|でしょうか|なの|なんですか)[？?]?$")


def softened(sentence: str) -> tuple[str, bool]:
    """The sentence as the body of the message, and whether it asks the reader for something."""
    body = sentence.rstrip("。！!")
    if _INVITATION.search(body):  # ぜひお試しください: an invitation, not a task to be asked for politely
        return _O_SHITE.sub(r"\1ください", body) + "。", False
    found = _REQUEST_END.search(body)
    # 不備がございましたらご連絡ください: a courtesy offer, not an ask; it stays as written.
    if found and not body.startswith("よろしく") and not _CONDITION.search(body):
        asked = polite(found.group().rstrip("？?"))
        if asked is not None:
            # Waiting costs the reader no work: 恐れ入りますが, not お手数ですが (for their trouble)
            cushion = "" if SOFTENED.search(body) else "恐れ入りますが、" if "お待ち" in asked else CUSHION
            head = body[: found.start()]
            # After a clause ending in が、 (前にも申しましたが、) the cushion goes next to the request, not first.
            split = head.rfind("が、") + 2 if "が、" in head else 0
            return f"{head[:split]}{cushion}{head[split:]}{asked}。", True
    still_not = _STILL_NOT.match(sentence)
    if still_not:
        return f"{still_not.group(1)}の件、その後いかがでしょうか。", True
    if _QUESTION.search(body):
        return sentence, True  # a question asks too (資料、まだですか？): kept as written, the rules say why
    return body + "。", False


# Vague times the whole message should not keep (deadline/vague would flag them in it).
_VAGUE = lazy(
    r"近日中?|近いうち|なるべく早く|できるだけ早く|お?早めに|後ほど|のちほど|追って|もうしばらく|今しばらく"
)


def _dated(match: Match, analysis: Analysis) -> str:
    """The match's text with each vague time replaced as deadline/vague's rewrite would (近日中に → 11月26日(木)
    までに), so that the proposed message is not flagged for what it kept."""
    from teinei.analysis import Match as Span
    from teinei.rewrites.deadline import replace_vague

    text = analysis.text
    pieces, cursor = [], match.start
    for found in _VAGUE.finditer(text, match.start, match.end):
        if found.start() < cursor:
            continue
        edit = replace_vague(Span(found.start(), found.end()), analysis)
        if edit is None or edit.end > match.end or edit.start < cursor:
            continue
        pieces += [text[cursor : edit.start], edit.replacement]
        cursor = edit.end
    return "".join(pieces) + text[cursor : match.end]


def whole_message(match: Match, analysis: Analysis) -> Edit | None:
    """The one sentence of the message replaced by a whole message for its profile (chat has none)."""
    frame = _FRAMES.get(analysis.profile)
    if frame is None:
        return None
    sentence = _dated(match, analysis).strip()
    if not sentence:
        return None
    return Edit(match.start, match.end, framed(frame, sentence))


def framed(frame: tuple[str, str, str, str], sentence: str) -> str:
    """The whole message around one sentence: addressee, greeting, the sentence softened, a fitting closing."""
    addressee, greeting, request_closing, report_closing = frame
    body, asks = softened(sentence)
    closing = request_closing if asks else report_closing
    return f"{addressee}\n\n{greeting}\n{body}\n{closing}"


def frame_of(rewrite: str) -> tuple[str, str, str, str] | None:
    """The profile's frame a whole-message rewrite was built with (told by its addressee line)."""
    return next((f for f in _FRAMES.values() if rewrite.startswith(f[0] + "\n")), None)
