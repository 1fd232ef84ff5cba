"""Linter: rules, concepts and the tagger loaded once, then any number of texts and files checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from teinei import arguments, suppress
from teinei.document import Document, RegionRole
from teinei.findings import Finding, LintResult, make_finding
from teinei.reference import message_date
from teinei.rewrites.compose import compose_messages
from teinei.ruleset.compiled import compiled_rules
from teinei.ruleset.select import check_profile, check_selectors, select_rules
from teinei.ruleset.terms import Severity

if TYPE_CHECKING:
    from teinei.analysis import Analysis
    from teinei.dates import BusinessCalendar, Closure, DateMention
    from teinei.ruleset.load import LoadedRule, RuleSet


class Config(Protocol):
    """What a linter asks of a configuration (``teinei.config.Config`` is one). The configuration sits above
    the linter and resolves its files into these answers; the linter never reads a configuration file."""

    settings: Any  # its ``closures`` (each with ``start``, ``end``, ``name``) and ``year_end_closure``

    def merge(
        self, profile: str | None, select: Iterable[str] | None, ignore: Iterable[str] | None,
        rules_dirs: Iterable[str | Path], severity: dict[str, Any] | None,
    ) -> tuple[str, list[str], list[str], list[Path], dict[str, Any]]: ...
    def names_rules(self) -> bool: ...
    def extend_ruleset(self, ruleset: RuleSet) -> RuleSet: ...
    def check_rule_names(self, rules: dict[str, Any]) -> None: ...
    def profile_for(self, path: str | Path) -> str: ...
    def drop_ignored(self, rules: list[LoadedRule], path: str | Path) -> list[LoadedRule]: ...
    def fingerprint(self) -> str: ...


class Linter:
    """Reusable linter: rules and the tagger load once, then any number of texts and files are checked.

    Construction validates everything (rules, selectors, profile, severities) up front, so a mistake is one
    ``TeineiError`` line before any text is read. The keywords are those of the command line and
    ``teinei.toml``:

    - ``profile`` (str): ``"external"`` (default), ``"internal"`` or ``"chat"``;
    - ``select`` / ``ignore`` (str or list of str): rule ids or categories (``ignore="curt"``);
    - ``rules`` (str, Path or a list of them): extra folders of YAML rules (``--rules``; ``rules_dirs`` is the
      older name);
    - ``severity`` (dict of str to str): a severity per rule id or category (``{"scope": "info"}``);
    - ``today`` (date, datetime or ISO str): the reference date for deadlines (default: the current date);
    - ``regex_timeout`` (float, seconds > 0): a rule whose regular expression runs longer is stopped;
    - ``config`` (a ``teinei.config.Config``) and ``closures`` (pairs of dates): see below.

    >>> linter = Linter(profile="external", ignore="curt", today="2026-11-20")
    >>> [f.message for f in linter.lint("お世話になっております。\\n資料を12月5日(金)までにお送りください。")]
    ['「12月5日(金)」の曜日が日付と合いません。2026年12月5日は土曜日です。']
    >>> Linter(severity={"scope": "fatal"})
    Traceback (most recent call last):
    teinei.errors.TeineiError: severity for 'scope' must be info, warning or error, not 'fatal'
    """

    def __init__(
        self,
        *,
        profile: str | None = None,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        rules: str | Path | Iterable[str | Path] = (),
        rules_dirs: Iterable[str | Path] = (),
        severity: Mapping[str, Severity | str] | None = None,
        today: dt.date | str | None = None,
        regex_timeout: float = 1.0,
        config: Config | None = None,
        closures: Iterable[Closure | tuple[dt.date, dt.date]] = (),
    ) -> None:
        """``config`` (``teinei.config``) supplies what the keywords leave unset, plus per-path profiles,
        per-file ignores and the company vocabulary; keywords win (a ``profile`` then applies to every path).

        ``today`` is the reference date for deadlines when a message has no Date header (a ``datetime`` also
        gives the time, for deadlines due within hours); ``closures`` are the company's own closed days
        (``teinei.dates.Closure`` or ``(start, end)`` date pairs), on top of weekends, public holidays and
        the year-end closure 12/29–1/3."""
        select = None if select is None else arguments.names(select, "select")
        ignore = arguments.names(ignore, "ignore")
        rules_dirs = [*arguments.folders(rules, "rules"), *arguments.folders(rules_dirs, "rules_dirs")]
        severity = arguments.severities(severity)
        today = arguments.reference_date(today)
        regex_timeout = arguments.timeout(regex_timeout)
        self.config = config
        self._profile_given = profile is not None
        if config is not None:
            profile, select, ignore, rules_dirs, severity = config.merge(profile, select, ignore, rules_dirs, severity)
        profile = profile or "external"
        check_profile(profile)
        self.rules_dirs = tuple(str(d) for d in rules_dirs)  # kept for the result cache's key
        self._ruleset: RuleSet | None = None
        self.profile = profile
        chosen, dropped = list(select or ()), list(ignore or ())
        self.report_unused_suppressions = suppress.meta_reported(chosen, dropped)
        self.select, self.ignore = suppress.without_meta(chosen), suppress.without_meta(dropped)
        self._only_meta = bool(chosen) and not self.select  # `--select teinei`: no rule from the rule files
        overrides = dict(severity or {})
        self.severity = arguments.severities(overrides)  # (the configuration's too)
        self.today = today
        self.closures = list(closures)  # the calendar is built from these and the configuration on first use
        self._calendar: BusinessCalendar | None = None
        self.regex_timeout = regex_timeout
        self._active: dict[str, list[LoadedRule]] = {}
        # Per profile: its rule list and that list's ``_plan`` (replaced whole, so threads read either one).
        self._plans: dict[str, tuple[list[LoadedRule], dict[str, list[Any]]]] = {}
        # Anything that can be wrong is checked now, so that a mistake is reported before any file is read:
        # rule folders, the configuration's vocabulary and every rule name given. Only with none of those are
        # the (built-in) rules loaded on first use: an unchanged tree re-checked from the result cache then
        # never loads them at all.
        if self.rules_dirs or self.select or self.ignore or overrides or (config and config.names_rules()):
            check_selectors(self.select + self.ignore, self.ruleset.rules)
            check_selectors(suppress.without_meta(overrides), self.ruleset.rules)

    @property
    def ruleset(self) -> RuleSet:
        """The rules (built-in, from the rule folders, and the configuration's vocabulary), compiled once."""
        if self._ruleset is None:
            ruleset = compiled_rules(self.rules_dirs)  # read_rules, compiled once per rule files
            if self.config is not None:
                ruleset = self.config.extend_ruleset(ruleset)
                self.config.check_rule_names(ruleset.rules)
            self._ruleset = ruleset
        return self._ruleset

    @property
    def calendar(self) -> BusinessCalendar:
        """Business days for deadline checks: weekends, public holidays and closures."""
        if self._calendar is None:
            self._calendar = _calendar(self.closures, self.config)
        return self._calendar

    def profile_for(self, path: str) -> str:
        """The profile a file is checked with: the explicit one, else the configuration's for its path."""
        if self.config is None or self._profile_given:
            return self.profile
        return self.config.profile_for(path)

    def rules_for(self, profile: str) -> list[LoadedRule]:
        if profile not in self._active:
            chosen = [] if self._only_meta else select_rules(self.ruleset.rules, profile, self.select, self.ignore)
            self._active[profile] = chosen
        return self._active[profile]

    def _plan(self, rules: list[LoadedRule]) -> dict[str, list[tuple[LoadedRule, Callable[[Analysis], Any], Any]]]:
        """The rules by the part they read (body, subject), each with its check's ``find`` and its severity:
        worked out once per rule list, not once per rule for every text."""
        plan: dict[str, list[tuple[LoadedRule, Callable[[Analysis], Any], Any]]] = {}
        for loaded in rules:
            plan.setdefault(loaded.rule.part, []).append((loaded, loaded.check.find, self._severity(loaded)))
        return plan

    def _severity(self, loaded: LoadedRule) -> Severity | None:
        for selector in (loaded.id, loaded.rule.category or ""):
            if selector in self.severity:
                return self.severity[selector]
        return None

    def lint(
        self,
        text: str,
        *,
        path: str = "-",
        profile: str | None = None,
        subject: str | None = None,
        today: dt.date | str | None = None,
        attachments: Iterable[str] | None = None,
    ) -> LintResult:
        """Lint a plain text (placeholders, quotes and signatures recognised as in a .txt file).

        A ``subject`` (or ``attachments``, the file names) makes it an e-mail draft: the subject is linted
        too, and a mention of an attachment is checked against ``attachments`` (none when not given).
        ``today`` (a date or ``"YYYY-MM-DD"``) overrides the linter's reference date for this text.

        A text with nothing of the author's to check (empty, or a reply that is all quote) is not passed as
        clean, as ``teinei check`` refuses it too: the result has no findings and says why in ``error``.

        >>> linter = Linter(today="2026-11-20")
        >>> result = linter.lint("完成までもうしばらくお待ちください。")
        >>> [(f.rule, f.line, f.column) for f in result]
        [('curt/one-line', 1, 1), ('deadline/vague', 1, 5)]
        >>> linter.lint("> 資料を送ってください。").error
        'チェックする文章がありません（返信・転送で、引用のほかに書かれた文章がありません）'
        """
        from teinei.inputs import nothing, nothing_to_check, text_document

        text = arguments.text(text)
        today = arguments.reference_date(today)
        if subject is not None:
            subject = arguments.text(subject)
        document = text_document(text, path, subject=subject, attachments=attachments)
        why = nothing_to_check(document)
        if why is not None:
            return LintResult(path=document.path, error=nothing(why))
        return self.lint_document(document, profile=profile, today=today)

    def lint_path(self, path: str | Path, *, profile: str | None = None) -> LintResult:
        """Lint a file; raises ``InputError`` when it cannot be read as a message."""
        from teinei.inputs import read_path

        return self.lint_document(read_path(path), profile=profile)

    def lint_document(
        self, document: Document, *, profile: str | None = None, today: dt.date | None = None, advice: bool = True
    ) -> LintResult:
        """Lint a document read by ``teinei.inputs``; ``today`` overrides its Date header and the linter's date.
        ``advice=False`` gives the same findings without message, suggestions or fix (for counting them)."""
        profile = profile or self.profile_for(document.path)
        check_profile(profile)
        reference = message_date(today, document.date, self.today)
        now = reference if isinstance(reference, dt.datetime) else None  # a time too: deadlines within hours
        if now is not None:
            reference = now.date()
        elif today is None and document.date is not None:
            now = document.sent_at  # the Date header's time
        # Here: a run served from the cache needs none of them.
        from teinei.analysis import Analysis
        from teinei.checks.text_pattern import RuleTimeout, Spans, time_bound

        findings: list[Finding] = []
        errors: list[str] = []
        rules = self.rules_for(profile)
        cached = self._plans.get(profile)
        if cached is None or cached[0] is not rules:
            cached = self._plans[profile] = (rules, self._plan(rules))
        plan = cached[1]
        if self.config is not None:
            chosen = self.config.drop_ignored(rules, document.path)
            if chosen is not rules:
                rules, plan = chosen, self._plan(chosen)
        suppressions = suppress.Suppressions.parse(document)  # before analysis: directives are not prose
        marked = suppressions.marked(document)  # (a new document: the one given is not changed)
        parts = [marked]
        if document.subject is not None:
            # The readers give the subject the message's facts (``inputs.plain.share_facts``); a document built
            # by hand is analysed as if they had, and left as it was given.
            subject = document.subject
            facts = subject.facts | document.facts
            parts.append(subject if facts == subject.facts else replace(subject, facts=facts))
        body: Analysis | None = None
        for part in parts:
            analysis = Analysis.of(part, profile, reference, self.regex_timeout, now=now, calendar=self.calendar)
            body = body or analysis
            # A placeholder is an opaque noun: a finding made only of placeholder characters is not real.
            placeholders = Spans((r.start, r.end) for r in part.regions if r.role is RegionRole.PLACEHOLDER)
            # The bound stops runaway backtracking, not honest work: a search that is linear in the text gets
            # the bound once per 250,000 characters (a 4 MB text: a few seconds per rule).
            bound = self.regex_timeout * max(1.0, len(analysis.text) / 250_000)
            with time_bound(bound) as budget:
                for loaded, find, severity in plan.get(part.part, ()):
                    budget.renew()  # one bound for all of the rule's expressions
                    try:
                        matches = list(find(analysis))
                    except RuleTimeout:
                        errors.append(
                            f"規則 '{loaded.id}': 正規表現が {bound:.3g} 秒の上限を超えたため、この規則を中止しました"
                        )
                        matches = []
                    for match in matches:
                        if placeholders.contain(match.start, match.end):
                            continue
                        findings.append(make_finding(loaded, match, analysis, severity, advice=advice))
        meta = (self._severity(suppress.META_RULE) or Severity.INFO) if self.report_unused_suppressions else None
        findings = suppressions.settle(
            findings, ran=(r.id for r in rules), known=self.ruleset.rules, analysis=body, severity=meta
        )
        findings.sort(key=Finding.sort_key)
        if advice:
            findings = compose_messages(findings, document.text, self.ruleset.rules)  # (keeps the order)
        result = LintResult.model_construct(path=document.path, findings=findings, errors=errors)  # all made here
        result._document = marked  # the text with the directives' spans protected from fixes
        return result

    def fix(self, text: str, *, profile: str | None = None, unsafe: bool = False) -> tuple[str, list[Finding]]:
        """The text with every safe fix applied (until stable), and the findings those fixes resolved.

        Returns ``(fixed_text: str, applied: list[Finding])``; ``unsafe=True`` applies the fixes a person
        should review too. Placeholders, quotes and signatures are never rewritten.

        >>> fixed, applied = Linter(select="keigo").fix("了解しました。明日伺います。")
        >>> fixed
        '承知しました。明日伺います。'
        >>> [(f.rule, f.fix.replacement) for f in applied]
        [('keigo/ryokai', '承知しました')]
        """
        from teinei.fix import fix_text

        return fix_text(lambda t: self.lint(t, profile=profile), text, unsafe=unsafe)


def _calendar(closures: list[Closure | tuple[dt.date, dt.date]], config: Config | None) -> BusinessCalendar:
    """Explicit closures win; else the configuration's (with its choice about the year-end closure)."""
    from teinei.dates import BusinessCalendar, Closure

    if config is None:
        return BusinessCalendar.of(closures)
    settings = config.settings
    if not closures:
        closures = [Closure(c.start, c.end, c.name) for c in settings.closures]
    return BusinessCalendar.of(closures, **({} if settings.year_end_closure else {"year_end": None}))


def lint(
    text: str,
    *,
    profile: str = "external",
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    today: dt.date | str | None = None,
) -> LintResult:
    """Lint one text with the built-in rules. For many texts, build one ``Linter`` and reuse it.

    ``text`` is a str (bytes are refused: decode them first); ``profile`` is ``"external"``, ``"internal"``
    or ``"chat"``; ``select`` and ``ignore`` take a rule id or category, or a list of them; ``today`` (a date
    or ``"YYYY-MM-DD"``) is the reference date for deadlines. Returns a ``LintResult``, which iterates its
    findings; a wrong argument raises ``TeineiError`` with one line.

    >>> result = lint("お世話になっております。\\n完成までもうしばらくお待ちください。", today="2026-11-20")
    >>> [(f.rule, f.severity.value, f.line, f.column) for f in result]
    [('deadline/vague', 'warning', 2, 5)]
    >>> lint(b"bytes")
    Traceback (most recent call last):
    teinei.errors.TeineiError: text must be a str, not bytes: decode it first (e.g. data.decode('utf-8'))
    """
    text = arguments.text(text)  # before the rules load: a wrong argument costs nothing
    return Linter(profile=profile, select=select, ignore=ignore, today=today).lint(text)


def deadlines(text: str, *, today: dt.date | str | None = None) -> list[DateMention]:
    """Every date a message sets or asks for, resolved against ``today`` (a date or ``"YYYY-MM-DD"``;
    default: the current date). Returns a list of ``DateMention``; a wrong argument raises ``TeineiError``.

    Dates of past events (「11月10日にお送りした資料」), quoted text, signatures and dates that do not exist
    are left out. Each result has its span, ``date`` (and ``end_date`` for a range such as 来月上旬),
    ``time``, the written ``weekday`` and ``context``: ``deadline`` when marked as one (までに, 中, 締切…),
    else ``date`` (an appointment or a delivery day). ``to_dict()`` gives ISO strings.

    It lives here, above the input layer, because it reads a message as ``teinei check`` does (quotes,
    signatures and placeholders set aside); ``teinei.dates`` only ever gets the text and its sentences.

    >>> found = deadlines("12月4日(金)17時までにお送りください。", today="2026-11-20")
    >>> [(d.text, d.date.isoformat(), d.time.isoformat("minutes"), d.context) for d in found]
    [('12月4日(金)17時', '2026-12-04', '17:00', 'deadline')]
    """
    from teinei.dates import classify
    from teinei.inputs import plain, template
    from teinei.reference import run_date
    from teinei.tokens import split_sentences

    text = arguments.text(text)
    reference = arguments.reference_date(today)
    document = Document(text=text)
    template.mark_template(document)
    plain.mark_quotes_and_signature(document)
    authored = document.authored_text()
    sentences = split_sentences(authored, [(r.start, r.end) for r in document.placeholders()])
    found = classify(authored, run_date(reference), sentences)
    return [m for m in found if m.context != "past" and m.date is not None]
