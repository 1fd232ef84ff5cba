"""Requests rewritten as a polite question, conjugating the writer's own verb (教えてください → 教えていただけ
ますでしょうか, ご確認ください → ご確認いただけますでしょうか, 送れ → お送りいただけますでしょうか), with a
cushion (お手数ですが、) put in front when the sentence has none. Unsafe: the writer checks the tone fits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teinei.lazy_re import lazy
from teinei.rewrites import Edit
from teinei.rewrites.conjugate import continuative, negative_te, te_form

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match
    from teinei.tokens import Token

ASK = "いただけますでしょうか"
ASK_NOUN = "をお願いできますでしょうか"
CUSHION = "お手数ですが、"
CUSHIONS = (CUSHION, "恐れ入りますが、")  # every cushion a rewrite writes in front of a request
# Words that already soften a request: a second cushion would be heavy (恐れ入りますが、お手数ですが、…).
SOFTENED = lazy(
    r"恐れ入|恐縮|お手数|申し訳|差し支え|お忙し|ご多忙|お手すき|よろしければ|可能であれば|可能でしたら|"
    r"(?:でき|出来)ましたら|勝手ながら|すみません|失礼ですが"
)
# A plain request phrase and its polite question form, tried in order on the matched text. ご確認してください
# loses its して (ご〜していただく is itself a mistake: keigo/o-shite-itadaku).
_PLAIN = [
    (lazy(r"^([ごお御][^\s、。]+?)(?:して|を)?(?:ください|下さい)$"), r"\1" + ASK),
    (lazy(r"^(.*?[てで])(?:ください|下さい|くれ|ちょうだい|もらえる|もらえます)$"), r"\1" + ASK),
    (lazy(r"^(.+?)を?(?:お願いします|お願いいたします|お願い致します|お願い|おねがいします)$"), r"\1" + ASK_NOUN),
    (lazy(r"^(?:お願いします|お願いいたします)$"), "お願いできますでしょうか"),
]
# A sentence that already says when: a date, a time, a relative day or an urgent word.
TIMED = lazy(r"\d+[日時]|[月火水木金土]曜|まで|本日|今日|明日|明後日|今週|来週|月末|中に|至急|早急|すぐ")
_SINO = lazy(r"^[\u4e00-\u9fff々]+$")
# Acts asked of the reader that take ご when they are the reader's (確認お願いします → ご確認をお願い…)
_GO_NOUNS = frozenset((
    "確認", "対応", "返信", "連絡", "検討", "送付", "提出", "回答", "協力", "手配", "準備", "調整", "報告", "記入",
    "署名", "返送", "入金", "承認", "判断", "指示", "教示", "説明", "案内", "参加", "出席", "来社", "再考", "了承",
    "理解", "査収", "登録", "入力", "修正", "変更", "予約", "相談",
))
_ASKED_NOUN = lazy(r"^(\w+?)を?(?:お願いします|お願いいたします|お願い致します|お願い)$")


def polite(phrase: str) -> str | None:
    """The polite question form of a plain request phrase (送ってください → 送っていただけますでしょうか)."""
    asked = _ASKED_NOUN.match(phrase)
    if asked and asked.group(1) in _GO_NOUNS:
        phrase = "ご" + phrase
    for pattern, template in _PLAIN:
        if pattern.match(phrase):
            return pattern.sub(template, phrase, count=1)
    return None


def _verb_request(tokens: list[Token], index: int) -> tuple[int, str] | None:
    """An imperative or prohibition at ``tokens[index]`` as a polite request: the offset where the rewrite
    starts (before a サ変 noun such as 確認 it starts at the noun) and the text that replaces it."""
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    if token.cform.startswith("命令形") and token.lemma == "為さる" and previous is not None:
        token, previous = previous, tokens[index - 2] if index > 1 else None  # 読みなさい: the verb before it
    elif token.cform.startswith("命令形") and token.lemma == "呉れる" and previous is not None:
        before = tokens[index - 2] if index > 1 else None  # 送ってくれ → 送っていただけますでしょうか
        return (before.start, before.surface + previous.surface + ASK) if before is not None else None
    if token.ctype.startswith("サ行変格") and previous is not None and previous.pos1 == "名詞":
        if token.cform.startswith("終止形"):  # 変更するな → 変更しないでいただけますでしょうか
            return previous.start, f"{previous.surface}しないで{ASK}"
        prefix = "ご" if _SINO.match(previous.surface) else ""
        return previous.start, f"{prefix}{previous.surface}{ASK}"  # 確認しろ → ご確認いただけますでしょうか
    if token.cform.startswith("終止形"):
        negative = negative_te(token.base, token.ctype)
        return (token.start, negative + ASK) if negative else None
    if token.ctype.startswith("五段") and _SINO.match(token.base[:1]):
        stem = continuative(token.base, token.ctype)  # 送れ → お送りいただけますでしょうか
        return (token.start, f"お{stem}{ASK}") if stem else None
    te = te_form(token.base, token.ctype)  # 教えろ → 教えていただけますでしょうか
    return (token.start, te + ASK) if te else None


def _conjugated(tokens: list[Token], start: int, end: int) -> tuple[int, str] | None:
    """The imperative (or verb + prohibitive な) inside [start, end), rewritten by ``_verb_request``."""
    for i, token in enumerate(tokens):
        if token.end <= start or token.start >= end:
            continue
        if token.cform.startswith("命令形"):
            return _verb_request(tokens, i)
        if token.lemma == "な" and token.pos1 == "助詞" and i > 0:
            return _verb_request(tokens, i - 1)
    return None


def rewrite_request(match: Match, analysis: Analysis) -> Edit | None:
    """The request in the match's sentence, conjugated into a polite question, with a cushion when none."""
    text = analysis.text
    sentence = analysis.sentence_at(match.start)
    if sentence is None:
        return None
    start, end = match.start, match.end
    if start > sentence.start and text[start - 1] in "ごお御":
        start -= 1  # ご[確認してください]: the prefix belongs to the phrase (and takes its して away)
    when = ""
    replacement = polite(text[start:end])
    if replacement is None:
        verb = _conjugated(sentence.tokens, start, end)
        if verb is None:
            return None
        start, replacement = verb
        if "ないで" not in replacement and not TIMED.search(text, sentence.start, sentence.end):
            # An order has no deadline to miss; the request it becomes does (deadline/missing): one is proposed.
            from teinei.dates import format_date
            from teinei.rewrites.deadline import deadline_for

            when = f"{format_date(deadline_for(analysis))}までに、"
    # A prohibition asks the reader not to act: 恐れ入りますが fits it, お手数ですが (for their trouble) does not.
    cushion = "恐れ入りますが、" if "ないで" + ASK in replacement else CUSHION
    prefix = "" if SOFTENED.search(text[sentence.start : sentence.end]) else cushion
    before = text[sentence.start : start]
    softened = SOFTENED.search(before)
    comma = before.find("、", softened.end()) + 1 if softened else 0  # the date goes after the cushion
    return Edit(sentence.start, end, prefix + before[:comma] + when + before[comma:] + replacement)

