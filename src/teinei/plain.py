"""Plain value classes with the surface of pydantic models (``model_dump``, ``model_copy``,
``model_construct``, ``model_validate``, ``model_json_schema``) for the public result models.

A check of one message makes, prints and caches results without validating anything, so they need no
pydantic: importing it (and building its validators) was a fifth of a one-shot check. Validation and the JSON
schema are still pydantic's: each class names a ``schema`` model with the same fields, built on first use,
which also lets a pydantic model hold these classes as fields (teinei mcp's outputs)."""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any, ClassVar

_MISSING: Any = object()


class Plain:
    """A value object: ``FIELDS`` in order with ``DEFAULTS``; ``NESTED`` says which fields hold other plain
    classes (a class, or a one-element list of one for a list of them) so data can be turned into objects."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    DEFAULTS: ClassVar[dict[str, Any]] = {}
    NESTED: ClassVar[dict[str, Any]] = {}
    FROZEN: ClassVar[bool] = True
    SCHEMA: ClassVar[str] = ""  # "module:Name" of the pydantic model that validates it
    PRIVATE: ClassVar[dict[str, Any]] = {}  # attributes that are not fields, and their initial values

    def __init__(self, **data: Any) -> None:
        """Validated, as pydantic would: wrong types and missing fields raise ``pydantic.ValidationError``."""
        validated = type(self).schema_model().model_validate(data)
        object.__setattr__(self, "__dict__", type(self)._from_schema(validated).__dict__)

    # ------------------------------------------------------------------------------------------- building

    @classmethod
    def model_construct(cls, _fields_set: object = None, **values: Any) -> Any:
        """An instance from trusted values, without validation (defaults fill what is not given)."""
        self = object.__new__(cls)
        state = self.__dict__
        for name in cls.FIELDS:
            value = values.get(name, _MISSING)
            if value is _MISSING:
                value = copy.copy(cls.DEFAULTS[name])  # (a KeyError names a required field left out)
            state[name] = value
        state.update(cls.PRIVATE)
        return self

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Any:
        """An instance from ``model_dump``'s data (``mode="json"`` too), nested values made objects again."""
        values = dict(data)
        for name, model in cls.NESTED.items():
            value = values.get(name)
            if value is None:
                continue
            if isinstance(model, list):
                values[name] = [v if isinstance(v, model[0]) else model[0].from_data(v) for v in value]
            elif not isinstance(value, model):
                values[name] = model.from_data(value)
        return cls._typed(cls.model_construct(**values))

    @classmethod
    def _typed(cls, instance: Any) -> Any:
        """Enum fields from their JSON values (a hook: each class knows its own)."""
        return instance

    @classmethod
    def schema_model(cls) -> Any:
        module, _, name = cls.SCHEMA.partition(":")
        return getattr(importlib.import_module(module), name)

    @classmethod
    def _from_schema(cls, validated: Any) -> Any:
        return cls.from_data(validated.model_dump())

    @classmethod
    def model_validate(cls, obj: Any) -> Any:
        if isinstance(obj, cls):
            return obj
        if isinstance(obj, Plain):
            obj = obj.model_dump()
        return cls._from_schema(cls.schema_model().model_validate(obj))

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Any:
        return cls._from_schema(cls.schema_model().model_validate_json(data))

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return cls.schema_model().model_json_schema(*args, **kwargs)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """As a field of a pydantic model: validated and described by the schema model, held as this class."""
        from pydantic_core import core_schema

        inner = handler.generate_schema(cls.schema_model())
        return core_schema.no_info_after_validator_function(
            cls._from_schema, inner,
            serialization=core_schema.plain_serializer_function_ser_schema(
                cls._to_schema, return_schema=inner, when_used="always"
            ),
        )

    def _to_schema(self) -> Any:
        """The schema model's instance of the same values (nested ones too), for pydantic to serialize."""
        values = {name: self.__dict__[name] for name in self.FIELDS}
        for name, model in self.NESTED.items():
            value = values[name]
            if value is not None:
                values[name] = [v._to_schema() for v in value] if isinstance(model, list) else value._to_schema()
        return type(self).schema_model().model_construct(**values)

    class _SchemaFields:
        def __get__(self, instance: object, owner: type[Plain]) -> dict[str, Any]:
            return owner.schema_model().model_fields  # type: ignore[no-any-return]

    model_fields = _SchemaFields()  # pydantic's field descriptions, from the schema model

    # ------------------------------------------------------------------------------------------- reading

    def model_dump(
        self, *, mode: str = "python", include: Any = None, exclude: Any = None, exclude_none: bool = False,
        **_ignored: Any,
    ) -> dict[str, Any]:
        """The fields as a dict (``mode="json"``: JSON values only), like pydantic's."""
        json = mode == "json"
        state = self.__dict__
        out: dict[str, Any] = {}
        for name in self.FIELDS:
            if (include is not None and name not in include) or (exclude is not None and name in exclude):
                continue
            value = state[name]
            if value is None and exclude_none:
                continue
            out[name] = _dumped(value, json)
        return out

    def model_dump_json(self, **kwargs: Any) -> str:
        import json

        return json.dumps(self.model_dump(mode="json", **kwargs), ensure_ascii=False, separators=(",", ":"))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        new = object.__new__(type(self))
        state = copy.deepcopy(self.__dict__) if deep else dict(self.__dict__)
        state.update(update or {})
        object.__setattr__(new, "__dict__", state)
        return new

    @property
    def model_fields_set(self) -> set[str]:
        return set(self.FIELDS)

    # ------------------------------------------------------------------------------------------- as a value

    def __setattr__(self, name: str, value: Any) -> None:
        if self.FROZEN:
            raise AttributeError(f"{type(self).__name__} is frozen: make a changed copy with model_copy(update=...)")
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__  # type: ignore[union-attr]

    def __hash__(self) -> int:
        if not self.FROZEN:
            raise TypeError(f"unhashable type: '{type(self).__name__}'")
        return hash((type(self), *(self.__dict__[name] for name in self.FIELDS)))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({fields})"

    def __iter__(self) -> Iterator[Any]:
        """``(name, value)`` for each field, as a pydantic model iterates."""
        return ((name, self.__dict__[name]) for name in self.FIELDS)


def _dumped(value: Any, json: bool) -> Any:
    if isinstance(value, Plain):
        return value.model_dump(mode="json" if json else "python")
    if isinstance(value, list | tuple):
        items = [_dumped(v, json) for v in value]
        return items if json or isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {(str(k) if json else k): _dumped(v, json) for k, v in value.items()}
    if json:
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, set | frozenset):
            return [_dumped(v, json) for v in value]
    return value
