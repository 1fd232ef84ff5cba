"""Linter: rules, concepts and the tagger loaded once, then any number of texts and files checked."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from teinei import suppress
from teinei.analysis import Analysis, SentenceWork
from teinei.cache import load_rules as cached_rules
from teinei.document import Document, RegionKind
from teinei.findings import Finding, LintResult, make_finding
from teinei.ruleset.model import Severity
from teinei.ruleset.select import check_profile, check_selectors, select_rules

if TYPE_CHECKING:
    from teinei.config import Config
    from teinei.dates import BusinessCalendar, Closure
    from teinei.ruleset.load import LoadedRule, RuleSet


class Linter:
    """Reusable linter. Construction validates everything (rules, selectors, profile) up front.

    >>> Linter(profile="external").lint("進捗を教えてください").findings[0].rule
    'curt/one-line'
    """

    def __init__(
        self,
        *,
        profile: str | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        rules_dirs: Iterable[str | Path] = (),
        severity: dict[str, Severity | str] | None = None,
        today: dt.date | None = None,
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
        self.severity = {k: Severity(v) for k, v in overrides.items()}
        self.today = today
        self.closures = list(closures)  # the calendar is built from these and the configuration on first use
        self._calendar: BusinessCalendar | None = None
        self.regex_timeout = regex_timeout
        self._active: dict[str, list[LoadedRule]] = {}
        self._plans: dict[tuple[object, ...], tuple[list[SentenceWork], dict[str, list[object]]]] = {}
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
            ruleset = cached_rules(self.rules_dirs)  # load_rules, compiled once per rule files
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

    def _plan(self, rules: list[LoadedRule], part: str) -> tuple[list[SentenceWork], dict[str, list[object]]]:
        """For the rules of a document part: what they read of tokens (``Analysis.sentence_local``), each item
        once, and by rule id, the shared results that no later rule reads (``Analysis.release``)."""
        key = (part, *map(id, rules))
        found = self._plans.get(key)
        if found is None:
            chosen: dict[object, SentenceWork] = {}
            last: dict[object, str] = {}  # shared result -> id of the last rule that reads it
            for loaded in rules:
                if loaded.rule.part == part:
                    for item in loaded.check.sentence_work():
                        chosen.setdefault(item[0], item)
                    last.update(dict.fromkeys(loaded.check.reads(), loaded.id))
            releases: dict[str, list[object]] = {}
            for read, rule_id in last.items():
                releases.setdefault(rule_id, []).append(read)
            found = self._plans[key] = (list(chosen.values()), releases)
        return found

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
        today: dt.date | None = None,
        attachments: Iterable[str] | None = None,
    ) -> LintResult:
        """Lint a plain text (placeholders, quotes and signatures recognised as in a .txt file).

        A ``subject`` (or ``attachments``, the file names) makes it an e-mail draft: the subject is linted
        too, and a mention of an attachment is checked against ``attachments`` (none when not given)."""
        from teinei.inputs import text_document

        with _collector_paused():
            document = text_document(text, path, subject=subject, attachments=attachments)
            return self._lint_document(document, profile=profile, today=today)

    def lint_path(self, path: str | Path, *, profile: str | None = None) -> LintResult:
        """Lint a file; raises ``InputError`` when it cannot be read as a message."""
        from teinei.inputs import read_path

        return self.lint_document(read_path(path), profile=profile)

    def lint_document(
        self, document: Document, *, profile: str | None = None, today: dt.date | None = None
    ) -> LintResult:
        with _collector_paused():
            return self._lint_document(document, profile=profile, today=today)

    def _lint_document(self, document: Document, *, profile: str | None, today: dt.date | None) -> LintResult:
        profile = profile or self.profile_for(document.path)
        check_profile(profile)
        reference = today or document.date or self.today or dt.date.today()
        now = reference if isinstance(reference, dt.datetime) else None  # a time too: deadlines within hours
        if now is not None:
            reference = now.date()
        elif today is None and document.date is not None:
            now = document.sent_at  # the Date header's time
        from teinei.checks.text_pattern import RuleTimeout, Spans  # here: a run served from the cache needs neither

        findings: list[Finding] = []
        errors: list[str] = []
        parts = [document] + ([document.subject] if document.subject is not None else [])
        rules = self.rules_for(profile)
        if self.config is not None:
            rules = self.config.drop_ignored(rules, document.path)
        suppressions = suppress.Suppressions.parse(document)  # before analysis: directives are not prose
        body: Analysis | None = None
        for part in parts:
            part.facts |= document.facts
            work, releases = self._plan(rules, part.part)
            analysis = Analysis.of(part, profile, reference, self.regex_timeout, work)
            analysis.now, analysis.calendar = now, self.calendar
            body = body or analysis
            # A placeholder is an opaque noun: a finding made only of placeholder characters is not real.
            placeholders = Spans((r.start, r.end) for r in part.regions if r.kind is RegionKind.PLACEHOLDER)
            for loaded in rules:
                if loaded.rule.part != part.part:
                    continue
                try:
                    matches = list(loaded.check.find(analysis))
                except RuleTimeout:
                    errors.append(f"rule '{loaded.id}': regular expression timed out after {self.regex_timeout:g}s")
                    matches = []
                severity = self._severity(loaded)
                for match in matches:
                    if placeholders.contain(match.start, match.end):
                        continue
                    findings.append(make_finding(loaded, match, analysis, severity))
                analysis.release(releases.get(loaded.id, []))
        meta = (self._severity(suppress.META_RULE) or Severity.INFO) if self.report_unused_suppressions else None
        findings = suppressions.settle(
            findings, ran=[r.id for r in rules], known=self.ruleset.rules, analysis=body, severity=meta
        )
        findings.sort(key=Finding.sort_key)
        result = LintResult.model_construct(path=document.path, findings=findings, errors=errors)  # all made here
        result._document = document
        return result

    def fix(self, text: str, *, profile: str | None = None, unsafe: bool = False) -> tuple[str, list[Finding]]:
        """The text with every safe fix applied (until stable), and the findings those fixes resolved."""
        from teinei.fix import fix_text

        return fix_text(lambda t: self.lint(t, profile=profile), text, unsafe=unsafe)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Linting allocates hundreds of thousands of objects (tokens' arrays, matches, findings) and makes no
    reference cycles worth collecting, so the garbage collector's passes over them during a lint are pure
    cost (a tenth of the time on a long text). It runs again as soon as the lint is over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> LintResult:
    """Lint one text with the built-in rules. For many texts, build one ``Linter`` and reuse it."""
    return Linter(profile=profile, select=select, ignore=ignore, today=today).lint(text)
