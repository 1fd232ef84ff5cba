"""Validated rule-format models kept as plain records: the compiled-rule cache pickles each rule and concept
model (``teinei.ruleset.model``) as a ``Record`` with the same fields, so that a run whose rules come from the
cache unpickles them without importing pydantic (a fifth of a one-shot check). Checks, findings and reports
only read a rule's fields, which a record holds as attributes, as the model did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Fields no check reads, only ``teinei rules``, ``explain`` and the servers (a rule's examples; the token
# patterns a rule's or a concept's check was compiled from): kept pickled apart and unpickled on first read,
# so that a one-shot check builds about a quarter fewer objects when it loads the kept rules.
LATER = ("examples", "patterns", "tokens")


class Record:
    """The fields of one validated model (``model`` is its class's name), read-only; ``aliases`` maps a field
    to the key it is written as in YAML (``not_`` -> ``not``), for ``model_dump(by_alias=True)``; ``later``
    holds the pickled ``(field order, fields)`` of the ``LATER`` fields, read on first use."""

    __slots__ = ("__dict__", "_aliases", "_later", "_model")

    def __init__(
        self, model: str, values: dict[str, Any], aliases: dict[str, str] | None = None, later: bytes | None = None
    ) -> None:
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_aliases", aliases or {})
        object.__setattr__(self, "_later", later)
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # (only for a name that is not an attribute yet)
        if name.startswith("_") or self._later is None:  # (no field starts with one: ``_later`` unset too)
            raise AttributeError(f"{self._model} has no field {name!r}")
        return self._fields()[name]

    def _fields(self) -> dict[str, Any]:
        """Every field, in the model's order. The fields kept apart are unpickled into a new dictionary that
        replaces the old one at once: a thread reading the record meanwhile finds one or the other."""
        later = self._later
        if later is not None:
            import pickle

            order, kept = pickle.loads(later)
            values = self.__dict__
            ordered = {name: values[name] if name in values else kept[name] for name in order}
            object.__setattr__(self, "__dict__", ordered)
            object.__setattr__(self, "_later", None)
        return self.__dict__

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._model} is frozen")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Record, (self._model, dict(self.__dict__), self._aliases, self._later))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self._model == other._model and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((self._model, *(repr(v) for v in self._fields().values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._fields().items())
        return f"{self._model}({fields})"

    def model_dump(self, *, by_alias: bool = False, exclude_none: bool = False, **_ignored: Any) -> dict[str, Any]:
        """The fields as plain data, as the model's ``model_dump`` gave them."""
        out: dict[str, Any] = {}
        for name, value in self._fields().items():
            if value is None and exclude_none:
                continue
            out[self._aliases.get(name, name) if by_alias else name] = _dumped(value, by_alias, exclude_none)
        return out


def _dumped(value: Any, by_alias: bool, exclude_none: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(by_alias=by_alias, exclude_none=exclude_none)
    if isinstance(value, list):
        return [_dumped(v, by_alias, exclude_none) for v in value]
    if isinstance(value, dict):
        return {k: _dumped(v, by_alias, exclude_none) for k, v in value.items()}
    return value


def record_reduction(
    model: Any, aliases: dict[type, dict[str, str]], dumps: Callable[[object], bytes]
) -> tuple[Any, ...]:
    """How a pydantic model instance is pickled: as the ``Record`` of its fields. ``aliases`` holds each
    class's alias map, so a rule set's thousands of records share one per class; ``dumps`` pickles the
    ``LATER`` fields apart, as the rest (their models as records too)."""
    cls = type(model)
    if cls not in aliases:
        aliases[cls] = {name: f.alias for name, f in cls.model_fields.items() if f.alias and f.alias != name}
    values = {name: getattr(model, name) for name in cls.model_fields}
    kept = {name: values.pop(name) for name in LATER if name in values}
    later = dumps((tuple(cls.model_fields), kept)) if kept else None
    return (Record, (cls.__name__, values, aliases[cls], later))
