"""Accuracy on the labeled corpus: per category, recall on items that must be flagged and the false-positive
rate on items that must stay quiet.

    python bench/accuracy.py                 # the tuned corpora (tests/corpus/*.yaml), the blind, the held-out
    python bench/accuracy.py --failures      # and the ids of the items each category gets wrong
    python bench/accuracy.py tests/corpus/core.yaml
    python bench/accuracy.py --blind tests/corpus/blind/*.yaml

The tuned corpora are the ones the rules were written against; the blind corpus (``tests/corpus/blind/``) was
written from docs/categories.md and docs/phenomena/ by writers who never saw the rules, and its items are never
edited to fit them. The held-out corpus (``tests/corpus/heldout/``) was written the same way after the rules had
been extended on the blind one, and is scored as it is: what it says is how the rules do on mail nobody here
tuned them on. Blind items are scored as the held-out material is: on an item of one sentence, the rules
that judge a whole message's shape (``MESSAGE_SHAPE``) do not count, since the item is a phrase, not a message;
and the date checks (a past or impossible date, a wrong weekday) are not counted as deadline findings.

An item counts as flagged in a category when the linter, run with the item's profile, reports at least one
finding of that category at severity warning or above (info findings are hints, not verdicts). An item may
list under ``hints`` the categories whose problem in it is one that teinei reports as a hint on purpose
(emoji in external mail, させていただく three times): for those, an info finding counts as a hit. False
positives are always counted at warning or above.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "tests" / "corpus"
BLIND_DIR = CORPUS_DIR / "blind"
HELDOUT_DIR = CORPUS_DIR / "heldout"
MESSAGE_SHAPE = frozenset({"curt/one-line", "curt/terse-reply", "acknowledgement/reply-without-thanks"})
DATE_CHECKS = frozenset(
    {"deadline/past-date", "deadline/invalid-date", "deadline/weekday-mismatch", "deadline/non-business-day",
     "deadline/too-tight"}
)
# The reference date for date reasoning (years of year-less dates, past deadlines), fixed so that the figures
# are the same on every day. The corpus speaks of November 2025 to March 2026; a corpus file may set its own
# with a top-level ``today:``, and an item with its own ``today:``.
TODAY = dt.date(2025, 11, 10)


@dataclass(frozen=True)
class Item:
    """One labeled message: the categories a correct linter must, and must not, report."""

    id: str
    text: str
    profile: str = "external"
    must: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()  # categories of ``must`` whose problem is reported at info level
    subject: str | None = None
    today: dt.date | None = None
    source: str = ""


@dataclass
class CategoryScore:
    """Counts for one category; ``missed`` and ``false_alarms`` hold item ids."""

    category: str
    positives: int = 0
    hits: int = 0
    negatives: int = 0
    false_positives: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.hits / self.positives if self.positives else None

    @property
    def fp_rate(self) -> float | None:
        return self.false_positives / self.negatives if self.negatives else None


@dataclass
class Report:
    scores: dict[str, CategoryScore]
    items: int
    model_mails: int = 0  # whole model e-mails (ids ``model-…``) scored, and those that drew a warning
    noisy_mails: list[str] = field(default_factory=list)

    def overall(self) -> CategoryScore:
        total = CategoryScore("overall")
        for score in self.scores.values():
            total.positives += score.positives
            total.hits += score.hits
            total.negatives += score.negatives
            total.false_positives += score.false_positives
        return total


def load_corpus(paths: Iterable[Path]) -> list[Item]:
    """Items of the given corpus files, in order; a malformed file raises ValueError naming it."""
    items: list[Item] = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        entries = data.get("items") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise ValueError(f"{path}: expected a mapping with a list under 'items'")
        file_today = _date(data.get("today"), path, "today")
        for index, entry in enumerate(entries):
            try:
                items.append(
                    Item(
                        id=str(entry["id"]),
                        text=str(entry["text"]),
                        profile=str(entry.get("profile") or "external"),
                        must=tuple(entry.get("must") or ()),
                        must_not=tuple(entry.get("must_not") or ()),
                        hints=tuple(entry.get("hints") or ()),
                        subject=entry.get("subject"),
                        today=_date(entry.get("today"), path, f"item {index}: today") or file_today,
                        source=Path(path).name,
                    )
                )
            except (KeyError, TypeError, AttributeError) as error:
                raise ValueError(f"{path}: item {index}: missing or malformed field {error}") from None
    return items


def _date(value: object, path: Path, field: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{path}: {field}: not a date (YYYY-MM-DD): {value!r}") from None


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def flagged_categories(linter, item: Item, blind: bool = False) -> tuple[set[str], set[str]]:
    """Categories with a finding at warning or above, and those with a finding at any severity (``linter``: a
    teinei.Linter). ``blind``: score as held-out material is scored (see the module's docstring)."""
    from teinei.ruleset.model import Severity

    result = linter.lint(item.text, profile=item.profile, subject=item.subject, today=item.today)
    ignored = (DATE_CHECKS | (MESSAGE_SHAPE if is_sentence(item.text) else frozenset())) if blind else frozenset()
    counted = [f for f in result.findings if f.rule not in ignored]
    severe = {id(f) for f in result.at_least(Severity.WARNING)}
    return {f.category for f in counted if id(f) in severe}, {f.category for f in counted}


def is_sentence(text: str) -> bool:
    """One line holding at most one sentence: a phrase to judge, not a whole message."""
    body = text.strip().rstrip("。！？!?")
    return not any(mark in body for mark in "\n。！？!?")


def evaluate(
    items: Sequence[Item], linter=None, categories: Iterable[str] | None = None, blind: bool = False
) -> Report:
    """Score ``items``; categories default to every one any item names, in first-seen order."""
    if linter is None:
        from teinei.linter import Linter

        linter = Linter(today=TODAY)
    wanted = list(categories) if categories is not None else _categories(items)
    scores = {c: CategoryScore(c) for c in wanted}
    report = Report(scores, len(items))
    for item in items:
        flagged, any_severity = flagged_categories(linter, item, blind)
        if item.id.startswith("model-"):
            report.model_mails += 1
            if flagged:
                report.noisy_mails.append(item.id)
        for category, score in scores.items():
            if category in item.must:
                score.positives += 1
                if category in (any_severity if category in item.hints else flagged):
                    score.hits += 1
                else:
                    score.missed.append(item.id)
            elif category in item.must_not:
                score.negatives += 1
                if category in flagged:
                    score.false_positives += 1
                    score.false_alarms.append(item.id)
    return report


def _categories(items: Iterable[Item]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        for category in (*item.must, *item.must_not):
            seen.setdefault(category, None)
    return list(seen)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def format_table(report: Report) -> str:
    """A Markdown table: one row per category and one for all of them together."""
    lines = [
        "| category | recall | flagged / must | false positives | flagged / must_not |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = [*report.scores.values(), report.overall()]
    for score in rows:
        name = f"**{score.category}**" if score.category == "overall" else score.category
        lines.append(
            f"| {name} | {_percent(score.recall)} | {score.hits} / {score.positives} "
            f"| {_percent(score.fp_rate)} | {score.false_positives} / {score.negatives} |"
        )
    return "\n".join(lines)


def format_failures(report: Report) -> str:
    lines = []
    for score in report.scores.values():
        for label, ids in (("missed", score.missed), ("false alarms", score.false_alarms)):
            lines.append(f"{score.category}: {label} ({len(ids)}): {' '.join(ids) or '-'}")
    if report.model_mails:
        lines.append(f"model e-mails with a warning ({len(report.noisy_mails)}): {' '.join(report.noisy_mails) or '-'}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="corpus files (default: tests/corpus/*.yaml)")
    parser.add_argument("--failures", action="store_true", help="list the failing item ids per category")
    parser.add_argument("--category", action="append", help="only this category (repeatable)")
    parser.add_argument("--blind", action="store_true", help="score the given files as the blind (or held-out) corpus")
    args = parser.parse_args(argv)
    if args.corpus:
        runs = [("", args.corpus, args.blind)]
    else:
        runs = [
            ("Tuned corpora", corpus_files(), False),
            ("Blind corpus", corpus_files(BLIND_DIR), True),
            ("Held-out corpus", corpus_files(HELDOUT_DIR), True),
        ]
    for title, paths, blind in runs:
        if not paths:
            continue
        try:
            items = load_corpus(paths)
        except (OSError, ValueError, yaml.YAMLError) as error:
            print(f"accuracy: {error}".splitlines()[0], file=sys.stderr)
            return 2
        report = evaluate(items, categories=args.category, blind=blind)
        heading = f"{title}: " if title else ""
        print(f"{heading}{report.items} items from {', '.join(p.name for p in paths)}\n")
        print(format_table(report))
        if report.model_mails:
            print(f"\nModel e-mails with a warning: {len(report.noisy_mails)} of {report.model_mails}")
        if args.failures:
            print()
            print(format_failures(report))
        print()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing
    raise SystemExit(main())
