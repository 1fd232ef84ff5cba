"""Deadlines put into the writer's sentence: a concrete business day computed from the reference date
(weekends, public holidays and closures skipped), where a vague phrase was (近日中にお送りします → 11月26日(木)
までにお送りします) or before a request or promise that has none. Unsafe: the writer must agree to the date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from teinei.dates import BusinessCalendar, business_days_after, format_date
from teinei.lazy_re import lazy
from teinei.rewrites import Edit

if TYPE_CHECKING:
    from teinei.analysis import Analysis, Match
    from teinei.tokens import Token

# A deadline is proposed this many business days ahead; an urgent phrase (至急, なるはや) gets the next one.
LEAD_DAYS = 3
_URGENT = lazy(r"至急|早急|なるはや|(?i:asap)|すぐ|今すぐ")
# What may follow a vague phrase and goes with it: 近日[中に], 近いうち[に], 早急[に], 後ほど[、]
_TAIL = lazy(r"(?:中|のうち|内)?(?:には|に|で|ほど)?")
_UNTIL = lazy(r"(?:中|ごろ|頃)?まで(?:に)?")
# Phrases whose vagueness is in their first word, the rest being the act: 追ってご連絡 → [date]までにご連絡
_LEADING_WORD = lazy(r"^(?:追って|改めて)")
# No date can stand in for these: a pace (順次), a condition on the reader (手が空いたら), a part of a month
# already named (12月頭ごろ)
_NO_DATE = lazy(r"^(?:順次|手|頭|初め|上旬|中旬|下旬)")
# Words before a vague phrase that go with it: [可能な限り]早めに, [なるべく]お早めに
_HEDGE = lazy(r"(?:可能な限り|なるべく|できるだけ|出来るだけ|できる限り)$")
# What may come just before an inserted date: a particle, a comma or a sentence start (見積書を|お送り…)
_BEFORE_INSERT = lazy(r"[をにてではがもへと、,\s]$")


# Sentences no date fits: a question about when (いつお振り込みいただけますか), an act tied to an event
# (参られましたら、ご案内いたします; 決まり次第), an act done by this very message (取り急ぎご報告いたします,
# 以下の手順でお試しください).
# Acts that are delivered or done by a date: a date proposed for anything else would not fit
_DELIVERABLE = lazy(
    r"送|返送|提出|返信|連絡|回答|報告|共有|確認|納品|振り込|振込|入金|手配|準備|作成|修正|差し替え|検討|記入|"
    r"レビュー|対応|知らせ|教え|決め|返却|登録|申し込|申込|見積|発注|用意|調整|仕上げ|完成|まとめ"
)
_SOME_TIME = lazy(r"一両日|今週中|今月中|来週|来月|月内|週内|年内|本日|今日|明日|\d+[日時]|まで")
_AUXILIARY_START = ("くれ", "くだ", "下さ", "いた", "頂", "もら")
_NO_DEADLINE = lazy(r"いつ|何日|何時|たら|ましたら|場合|際は|次第|取り急ぎ|以下|下記|次の|手順")


def _calendar(analysis: Analysis) -> BusinessCalendar:
    return analysis.calendar or BusinessCalendar()


def deadline_for(analysis: Analysis, phrase: str = "") -> dt.date:
    """The date a rewrite proposes for ``phrase``: the month's last business day for 月末, the next business
    day for an urgent phrase, else ``LEAD_DAYS`` business days after the reference date."""
    calendar, today = _calendar(analysis), analysis.today
    if phrase.startswith("月末"):
        first_of_next = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = first_of_next - dt.timedelta(days=1)
        day = last if calendar.is_business_day(last) else calendar.previous_business_day(last)
        if day > today:
            return day
    days = 1 if _URGENT.search(phrase) else LEAD_DAYS
    return business_days_after(today, days, calendar)


def replace_vague(match: Match, analysis: Analysis) -> Edit | None:
    """deadline/vague: the vague phrase (and the particle that goes with it) replaced by a date and までに."""
    text = analysis.text
    phrase = text[match.start : match.end]
    if _NO_DATE.match(phrase):
        return None
    sentence = analysis.sentence_at(match.start)
    if sentence is not None and "次第" in text[sentence.start : sentence.end]:
        return None  # 決まり次第追ってご連絡: the time is the event's, not a date's
    start, end = match.start, match.end
    hedge = _HEDGE.search(text, 0, start)
    if hedge and hedge.end() == start:
        start = hedge.start()
    if phrase.endswith("見") and text[end : end + 1] == "て":  # 折を見て
        end += 1
    date = format_date(deadline_for(analysis, phrase))
    leading = _LEADING_WORD.match(phrase)
    if leading:  # 追ってご連絡いたします → 11月26日(木)までにご連絡いたします
        return Edit(start, match.start + leading.end(), f"{date}までに")
    if phrase.endswith(("しばらく", "暫く")):  # もうしばらくお待ちください → 11月26日(木)までお待ちください
        sentence = analysis.sentence_at(match.start)
        if sentence is None or "まで" in text[sentence.start : match.start]:
            return None  # 完成までもうしばらく: a second まで would not read
        return Edit(start, match.end, f"{date}まで")
    until = _UNTIL.match(text, end)
    if until and until.end() > end:  # 月末ごろまでに → 11月30日(月)までに
        return Edit(start, until.end(), f"{date}までに")
    tail = _TAIL.match(text, end)
    end = tail.end() if tail else end
    if text[end : end + 1] in ("を", "の", "が"):
        return None  # a noun (年末ごろの予定を…): a date with までに would not fit there
    return Edit(start, end, f"{date}までに")


def _before_adverbs(tokens: list[Token], offset: int) -> int:
    """``offset`` moved back over the adverbs just before it: 前向きに[検討] → [前向きに]検討, so that the
    date goes before the manner (11月26日(木)までに前向きに検討いたします)."""
    previous = [t for t in tokens if t.end <= offset]
    while previous and previous[-1].end == offset:
        last = previous[-1]
        manner = last.pos1 == "副詞" or (
            last.surface == "に" and len(previous) > 1 and previous[-2].pos1 == "形状詞"
        )
        if not manner:
            break
        offset = previous[-2].start if last.surface == "に" else last.start
        previous = [t for t in previous if t.end <= offset]
    return offset


def add_deadline(match: Match, analysis: Analysis) -> Edit | None:
    """deadline/missing: a date and までに before the request or promise (見積書を[11月26日(木)までに]お送り
    いただけますでしょうか); where the phrase is not a word of its own, at the start of its sentence."""
    text = analysis.text
    date = format_date(deadline_for(analysis))
    sentence = analysis.sentence_at(match.start)
    if sentence is None or _NO_DEADLINE.search(text, sentence.start, sentence.end):
        return None
    if "まで" in text[sentence.start : match.start]:
        return None  # 会議室までご案内いたします: a second まで would not read
    if not _DELIVERABLE.search(text, max(sentence.start, match.start - 6), match.end):  # 送って[くれ]
        return None  # ご案内いたします, ご承知おきください: an act with no due date to propose
    if "させて" in text[match.start : match.end] or _SOME_TIME.search(text, sentence.start, sentence.end):
        return None  # 確認させてください asks leave; 一両日中にご返信: a time is there already
    if match.start > sentence.start and text[match.start : match.start + 2] in _AUXILIARY_START:
        return Edit(sentence.start, sentence.start, f"{date}までに、")  # 送って[くれ]: not between the two
    at = _before_adverbs(sentence.tokens, match.start)
    if at == sentence.start or _BEFORE_INSERT.search(text[sentence.start : at]):
        return Edit(at, at, f"{date}までに")
    return Edit(sentence.start, sentence.start, f"{date}までに、")
