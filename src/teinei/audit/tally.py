"""The counts of a partition of the archive, merged partition after partition (in plan order, so a run on
one core, on several, or on a Dask cluster gives the same report), and stored as JSON by ``--resume``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from teinei.audit.mail import Mail

_NONE: Counter[str] = Counter()  # a mail without findings (never written to)
# One row per finding for csv and parquet: the columns, in order.
ROW_COLUMNS = ("message_id", "sender", "date", "rule", "category", "severity", "line", "column", "part", "where")


@dataclass
class Group:
    """Messages that share a key (a sender, a month, a template) and the findings they hold by category."""

    messages: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    example: list[str] | None = None  # templates: [sort key, where, subject, excerpt] of the earliest mail

    def add(self, categories: Counter[str], rules: Counter[str]) -> None:
        self.messages += 1
        if categories:
            self.categories.update(categories)
        if rules:
            self.rules.update(rules)

    def merge(self, other: Group) -> None:
        self.messages += other.messages
        self.categories.update(other.categories)
        self.rules.update(other.rules)
        if other.example is not None and (self.example is None or other.example < self.example):
            self.example = other.example

    def to_json(self) -> list[Any]:
        return [self.messages, dict(self.categories), dict(self.rules), self.example]

    @classmethod
    def from_json(cls, value: list[Any]) -> Group:
        return cls(value[0], Counter(value[1]), Counter(value[2]), value[3])


@dataclass
class Tally:
    """What a partition (or the whole archive, once merged) counts. Rows are kept only when asked for."""

    messages: int = 0
    mails_seen: int = 0  # read from the archive, left out by the filters or not
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    senders: dict[str, Group] = field(default_factory=dict)  # "" when a mail has no From address
    months: dict[str, Group] = field(default_factory=dict)  # "" when a mail has no usable Date
    templates: dict[str, Group] = field(default_factory=dict)
    rows: list[list[Any]] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)  # kept apart: templates may be forgotten

    def add(self, mail: Mail, *, rows: bool) -> None:
        findings = mail.result.findings
        categories = Counter([f.category for f in findings]) if findings else _NONE
        rules = Counter([f.rule for f in findings]) if findings else _NONE
        self.messages += 1
        self.rules.update(rules)
        self.senders.setdefault(mail.sender or "", Group()).add(categories, _NONE)
        self.months.setdefault(mail.month or "", Group()).add(categories, _NONE)
        template = self.templates.setdefault(mail.template, Group())
        template.add(categories, rules)
        # The earliest mail (then the first by Message-ID) stands for its template, wherever it is stored: the
        # whole example (its excerpt) is made only when its sort key can win.
        key = f"{mail.sent_at.isoformat() if mail.sent_at else '~'} {mail.message_id}"
        if template.example is None or key <= template.example[0]:
            example = [key, mail.where, mail.subject, mail.excerpt]
            if template.example is None or example < template.example:
                template.example = example
        if rows:
            date = mail.sent_at.isoformat() if mail.sent_at else None
            self.rows += [
                [mail.message_id, mail.sender, date, f.rule, f.category, f.severity.value, f.line, f.column, f.part,
                 mail.where]
                for f in findings
            ]

    def merge(self, other: Tally) -> None:
        self.messages += other.messages
        self.mails_seen += other.mails_seen
        self.unreadable += other.unreadable
        for mine, theirs in ((self.senders, other.senders), (self.months, other.months),
                             (self.templates, other.templates)):
            for key, group in theirs.items():
                mine.setdefault(key, Group()).merge(group)
        self.rows += other.rows
        self.rules.update(other.rules)

    def forget_single_templates(self, limit: int) -> None:
        """Past ``limit`` distinct bodies, those sent only once so far are forgotten: the memory of a run stays
        bounded on an archive of millions of different mails. Called at fixed points of the plan-order merge,
        it forgets the same ones whatever ran the partitions."""
        if len(self.templates) > limit:
            self.templates = {key: group for key, group in self.templates.items() if group.messages > 1}

    def to_json(self) -> dict[str, Any]:
        return {
            "messages": self.messages, "mails_seen": self.mails_seen, "unreadable": self.unreadable,
            "senders": {k: g.to_json() for k, g in self.senders.items()},
            "months": {k: g.to_json() for k, g in self.months.items()},
            "templates": {k: g.to_json() for k, g in self.templates.items()},
            "rows": self.rows, "rules": dict(self.rules),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Tally:
        def groups(name: str) -> dict[str, Group]:
            return {k: Group.from_json(v) for k, v in value[name].items()}

        return cls(
            value["messages"], value["mails_seen"], [tuple(u) for u in value["unreadable"]],  # type: ignore[misc]
            groups("senders"), groups("months"), groups("templates"), value["rows"], Counter(value["rules"]),
        )
