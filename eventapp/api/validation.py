"""The adapter between Pydantic models and the API: a body or a query string checked against its
declaration, each refusal a translated message under the field's API name.

A field says what to answer with `Says` in its `Annotated` metadata: one message for any wrong
shape, and others for a given kind of Pydantic error (`missing`, `less_than_equal`, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import MultiDict

from eventapp.errors import Refused

M = TypeVar("M", bound=BaseModel)

NOT_OBJECT = _l("Send a JSON object, with the header Content-Type: application/json.")
UNKNOWN_FIELD = _l("Unknown field.")
NOT_VALID = _l("This value is not valid.")
SOME_FIELDS = _l("Some fields are not valid.")
SOME_PARAMETERS = _l("Some parameters are not valid.")
REFUSED = "refused"  # the type of the errors our own validators raise, carrying their message


class Shape(BaseModel):
    """What every declaration shares: JSON types as they are, no unknown field."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Dotted(Shape):
    """A nested object whose fields are named `parent.child` in refusals (`title.en`)."""


@dataclass(frozen=True, eq=False)  # hashed by identity: typing hashes Annotated metadata
class Says:
    """The messages of a field: `default` for any wrong value, `by_type` per Pydantic error."""

    default: Any
    by_type: dict[str, Any] = field(default_factory=dict)

    def __init__(self, default: Any, **by_type: Any) -> None:
        object.__setattr__(self, "default", default)
        object.__setattr__(self, "by_type", by_type)

    def message(self, kind: str) -> Any:
        return self.by_type.get(kind, self.default)


class Invalid(Refused):
    """A body or query refused: a message per field, in the API's names. Uncaught, the app's
    handler answers it as any refusal (400, `message` and `fields`)."""

    def __init__(self, fields: dict[str, str], message: Any = SOME_FIELDS) -> None:
        super().__init__(message, fields)


def refuse(message: Any) -> PydanticCustomError:
    """The error a validator raises to answer with `message`."""
    return PydanticCustomError(REFUSED, "{message}", {"message": message})


def json_object() -> dict | None:
    """The request's JSON object, or None when the body is not one."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def parse_body(model: type[M], body: Any) -> M:
    """`body` as `model`; raises Invalid with a message per refused field."""
    if not isinstance(body, dict):
        raise Invalid({}, NOT_OBJECT)
    return _validate(model, body)


def parse_query(model: type[M], args: MultiDict) -> M:
    """The query arguments `model` declares (lists repeated or comma-separated); others ignored."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in args:
            continue
        many = getattr(info.annotation, "__origin__", None) is list
        values[key] = args.getlist(key) if many else args.get(key)
    return _validate(model, values, SOME_PARAMETERS)


def _validate(model: type[M], data: dict, message: Any = SOME_FIELDS) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise Invalid(refusals(model, err), message) from None


def refusals(model: type[BaseModel], err: ValidationError) -> dict[str, str]:
    """Pydantic's errors as the API's: the field's name and its message, the first per field."""
    found: dict[str, str] = {}
    for error in err.errors():
        name, says = _locate(model, error["loc"])
        if error["type"] == "extra_forbidden" and name == str(error["loc"][-1]):
            message = UNKNOWN_FIELD
        elif error["type"] == REFUSED:
            message = error["ctx"]["message"]
        else:
            message = says.message(error["type"]) if says else NOT_VALID
        found.setdefault(name, str(message))
    return found


def _locate(model: type[BaseModel], loc: tuple) -> tuple[str, Says | None]:
    """The API name of the field at `loc`, and what it says."""
    names: list[str] = []
    says: Says | None = None
    current: Any = model
    for step in loc:
        fields = getattr(current, "model_fields", None)
        if not isinstance(step, str) or fields is None:
            break
        info = next((f for n, f in fields.items() if (f.alias or n) == step), None)
        if info is None:
            break
        names.append(step)
        says = next((m for m in reversed(info.metadata) if isinstance(m, Says)), says)
        current = _model_in(info.annotation)
        if not (isinstance(current, type) and issubclass(current, Dotted)):
            break
    if not names:
        return str(loc[0]) if loc else "", None
    return ".".join(names), says


def _model_in(annotation: Any) -> Any:
    """The model class inside `X | None`, or the annotation itself."""
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


# The services' bilingual fields the API shows as `{"fr", "en"}` (events, sessions, reference data,
# messages to registrants).
PAIRS = ("title", "summary", "description", "name", "subject", "body")


def api_name(name: str) -> str:
    """The API's name of a service's field: `title_fr` is `title.fr` when `title` is a pair."""
    stem, _sep, lang = name.rpartition("_")
    return f"{stem}.{lang}" if stem in PAIRS and lang in ("fr", "en") else name


def service_values(body: BaseModel, plain: Iterable[str], pairs: Iterable[str]) -> dict:
    """The fields `body` gives, in the services' names: a pair `title` is `title_fr` and
    `title_en`, for the languages it gives (one left out keeps its text)."""
    given = body.model_fields_set
    values = {name: getattr(body, name) for name in plain if name in given}
    for name in pairs:
        pair = getattr(body, name) if name in given else None
        if pair is not None:
            values.update({f"{name}_{lang}": getattr(pair, lang) for lang in pair.model_fields_set})
    return values


def answer(model: type[BaseModel], data: dict) -> dict:
    """`data` checked against the declaration it is documented by, as JSON values."""
    return model.model_validate(data).model_dump(mode="json")
