"""JSON Schemas generated from the models (an edge of the package)."""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from importlib import resources
from typing import Any

import attrs
import pendulum

from .._core.audit import AuditFinding, Counts
from .._core.caps import Cap
from .._core.errors import InvalidValueError
from .._core.explain import CASES, PARAMS, Explanation, ParamKind, Params
from .._core.models import Channel, Role
from .._core.policy import Policy
from .._core.schedule import Schedule
from .._core.verdict import Reason

__all__ = ["json_schema", "shipped_schema"]

INSTANT_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)"
    r"(\[[A-Za-z0-9_+\-/]+\])?$"
)
# Calendar days (and weeks) or elapsed time, never both; at most six decimals.
DURATION_PATTERN = (
    r"^P(?!$)((\d+W)?(\d+D)?|T(?!$)(\d+H)?(\d+M)?(\d+(\.\d{1,6})?S)?)$"
)
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
#: An interval of local time in a schedule: "09:00-12:00".
_CLOCK = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?"
INTERVAL_PATTERN = rf"^\s*{_CLOCK}\s*-\s*{_CLOCK}\s*$"
_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
#: A key of a schedule: a weekday or a range of them ("mon-thu", "sun-thu").
DAYS_PATTERN = f"^{_DAY}(-{_DAY})?$"
_SCHEMAS = {"document": "document.schema.json", "plan": "plan.schema.json",
            "audit": "audit.schema.json"}


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a model as :func:`relance.to_dict` writes it.

    Examples:
        >>> from relance import Document
        >>> schema = json_schema(Document)
        >>> schema["$ref"], sorted(schema["$defs"]["Document"]["required"])
        ('#/$defs/Document', ['account'])
    """
    if not attrs.has(cls):
        raise InvalidValueError(f"no schema for {cls!r}: not a relance model", field="cls",
                                value=cls)
    defs: dict[str, Any] = {}
    _object(cls, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://relance.invalid/schemas/{cls.__name__.lower()}.schema.json",
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "$ref": f"#/$defs/{cls.__name__}",
        "$defs": dict(sorted(defs.items())),
    }


def shipped_schema(name: str) -> dict[str, Any]:
    """A schema shipped in the package: ``"document"`` (the input), ``"plan"`` or ``"audit"``."""
    if name not in _SCHEMAS:
        raise InvalidValueError(f"no schema named {name!r} (known: document, plan, audit)",
                                field="name", value=name)
    folder = resources.files("relance").joinpath("schemas")
    text = folder.joinpath(_SCHEMAS[name]).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _object(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required = []
        for field in attrs.fields(cls):
            if not field.init or field.metadata.get("json") is False:
                continue
            key = field.alias or field.name
            properties[key] = _type(hints[field.name], defs)
            if field.default is attrs.NOTHING:
                required.append(key)
        doc = (cls.__doc__ or "").strip().splitlines()
        defs[name] = {
            "type": "object",
            "description": doc[0] if doc else name,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls in (Reason, Explanation):
            defs[name]["allOf"] = _params_by_code(defs)
        if cls is AuditFinding:
            properties["what"] = {
                "type": "string",
                "description": "the touch said in the output's language (ignored on read)",
            }
        if cls is Cap:
            # Either a rolling window or a calendar period; at least one touch.
            defs[name]["oneOf"] = [
                {"properties": {key: {"type": "string"}}, "required": [key]}
                for key in ("window", "period")
            ]
            properties["count"] = {**properties["count"], "minimum": 1}
        if cls is Policy:
            properties["caps"] = {**properties["caps"], "uniqueItems": True}
        if cls is Reason:
            properties["text"] = {
                "type": "string",
                "description": "its own words (a custom rule's), kept as they are",
            }
    return {"$ref": f"#/$defs/{name}"}


def _params_by_code(defs: dict[str, Any]) -> list[dict[str, Any]]:
    """The parameters of each code the library explains with (one ``$defs`` entry each)."""
    rules = []
    for code, kinds in PARAMS.items():
        key = f"params.{code}"
        if key not in defs:
            properties = {
                name: _param(kind, code, defs) for name, kind in kinds.items()
            }
            defs[key] = {
                "type": "object",
                "description": f"The parameters of {code!r}.",
                "properties": properties,
                "additionalProperties": False,
            }
        rules.append({
            "if": {"properties": {"code": {"const": code}}, "required": ["code"]},
            "then": {"properties": {"params": {"$ref": f"#/$defs/{key}"}}},
        })
    return rules


def _param(kind: ParamKind, code: str, defs: dict[str, Any]) -> dict[str, Any]:
    if kind == "instant":
        return _type(datetime, defs)
    if kind == "duration":
        return _type(timedelta, defs)
    if kind == "time":
        return _type(time, defs)
    if kind == "date":
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a date"}
    if kind == "count":
        return {"type": "integer"}
    if kind == "number":
        return {"type": "number"}
    if kind == "hours":
        return {"type": "array", "items": {"type": "string", "pattern": INTERVAL_PATTERN}}
    if kind in ("ids", "channels", "quotes"):
        items = _type(Channel, defs) if kind == "channels" else {"type": "string"}
        return {"type": "array", "items": items}
    if kind == "channel":
        return _type(Channel, defs)
    if kind == "role":
        return _type(Role, defs)
    if kind == "case":
        return {"enum": list(CASES[code])}
    if kind == "explanation":
        return _object(Explanation, defs)
    if kind == "explanations":
        return {"type": "array", "items": _object(Explanation, defs)}
    return {"type": "string"}


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin in (frozenset, set):
        return {"type": "array", "items": _type(args[0], defs), "uniqueItems": True}
    if origin is tuple:
        return {"type": "array", "items": _type(args[0], defs)}
    if origin is Mapping and args[0] is Channel:
        return {"type": "object", "propertyNames": _type(Channel, defs),
                "additionalProperties": _type(args[1], defs)}
    if hint is Schedule:
        return {
            "type": "object", "minProperties": 1,
            "description": "a weekly schedule: intervals of local time by weekday or range "
                           "of weekdays, such as {\"mon-thu\": [\"09:00-12:00\", "
                           "\"14:00-18:00\"], \"fri\": [\"09:00-12:00\"]}",
            "propertyNames": {"pattern": DAYS_PATTERN},
            "additionalProperties": {
                "type": "array", "items": {"type": "string", "pattern": INTERVAL_PATTERN},
            },
        }
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return {"enum": [m.value for m in hint]}
        if issubclass(hint, bool):
            return {"type": "boolean"}
        if issubclass(hint, int):
            return {"type": "integer"}
        if issubclass(hint, float):
            return {"type": "number"}
        if issubclass(hint, str):
            return {"type": "string"}
        if issubclass(hint, (pendulum.DateTime, datetime)):
            return {"type": "string", "pattern": INSTANT_PATTERN,
                    "description": "ISO 8601 with offset, optionally [IANA zone]"}
        if issubclass(hint, timedelta):
            return {"type": "string", "pattern": DURATION_PATTERN,
                    "description": "ISO 8601 duration: calendar days (P7D, P2W) or elapsed "
                                   "time (PT36H, PT0.5S), never both"}
        if issubclass(hint, time):
            return {"type": "string", "pattern": TIME_PATTERN, "description": "local HH:MM"}
        if issubclass(hint, Counts):
            return {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                    "description": "counts by key (a reason code, a month such as 2026-11)"}
        if issubclass(hint, Params):
            return {"type": "object", "description": "an explanation's parameters, by code"}
        if attrs.has(hint):
            return _object(hint, defs)
    raise InvalidValueError(f"no JSON Schema for {hint!r}", field="type", value=hint)
