"""Validated rule-format models kept as plain records: the compiled-rule cache pickles each rule and concept
model (``teinei.ruleset.model``) as a ``Record`` with the same fields, so that a run whose rules come from the
cache unpickles them without importing pydantic (a fifth of a one-shot check). Checks, findings and reports
only read a rule's fields, which a record holds as attributes, as the model did."""

from __future__ import annotations

from typing import Any


class Record:
    """The fields of one validated model (``model`` is its class's name), read-only; ``aliases`` maps a field
    to the key it is written as in YAML (``not_`` -> ``not``), for ``model_dump(by_alias=True)``."""

    __slots__ = ("__dict__", "_aliases", "_model")

    def __init__(self, model: str, values: dict[str, Any], aliases: dict[str, str] | None = None) -> None:
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_aliases", aliases or {})
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._model} is frozen")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Record, (self._model, dict(self.__dict__), self._aliases))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self._model == other._model and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self._model, *(repr(v) for v in self.__dict__.values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{self._model}({fields})"

    def model_dump(self, *, by_alias: bool = False, exclude_none: bool = False, **_ignored: Any) -> dict[str, Any]:
        """The fields as plain data, as the model's ``model_dump`` gave them."""
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
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


def record_reduction(model: Any, aliases: dict[type, dict[str, str]]) -> tuple[Any, ...]:
    """How a pydantic model instance is pickled: as the ``Record`` of its fields. ``aliases`` holds each
    class's alias map, so a rule set's thousands of records share one per class."""
    cls = type(model)
    if cls not in aliases:
        aliases[cls] = {name: f.alias for name, f in cls.model_fields.items() if f.alias and f.alias != name}
    values = {name: getattr(model, name) for name in cls.model_fields}
    return (Record, (cls.__name__, values, aliases[cls]))
