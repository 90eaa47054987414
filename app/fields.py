"""Every field of a public resource, read from its response model in app/schemas/: the
codebook's data dictionary, so that no field's meaning is written anywhere but its model."""

import datetime
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field

from app.vocabulary import VOCABULARIES, Vocabulary

_VOCABULARY_NAMES = {listed.vocabulary: listed.name for listed in VOCABULARIES}
_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


class FieldEntry(BaseModel):
    """One field of a resource, as its response model declares it."""

    name: str = Field(
        description="Its path in the resource: `.` into an object, `[]` into a list's items, "
        "`*` into a map's values.",
        examples=["certainty.evidence", "attribution[].party"],
    )
    type: str = Field(description="Its JSON type: `string`, `integer`, `array`, `object`, ….")
    format: str | None = Field(description="`date` for an ISO 8601 date; null otherwise.")
    items: str | None = Field(
        description="The JSON type of an array's items or a map's values; null otherwise."
    )
    nullable: bool = Field(description="Whether it may be null.")
    description: str = Field(description="What it holds, from the response model.")
    vocabulary: str | None = Field(
        description="The controlled vocabulary its values come from (under `vocabularies`)."
    )
    resource: str | None = Field(
        description="The resource its value (or each item) is, listed under its own name."
    )


class _Shape:
    """A field's annotation, unwrapped: its JSON type, and what is inside it."""

    def __init__(self, annotation: Any) -> None:
        args = get_args(annotation)
        union = get_origin(annotation) in (Union, types.UnionType)
        self.nullable = union and type(None) in args
        if union:
            (annotation,) = (arg for arg in args if arg is not type(None))
        self.annotation = annotation
        origin = get_origin(annotation)
        self.inner: _Shape | None = None
        self.format: str | None = None
        if origin is list:
            self.json_type, self.inner, self.step = "array", _Shape(get_args(annotation)[0]), "[]"
        elif origin is dict:
            self.json_type, self.inner, self.step = "object", _Shape(get_args(annotation)[1]), ".*"
        elif origin is Literal:
            self.json_type = _SCALARS[type(get_args(annotation)[0])]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel | Vocabulary):
            self.json_type = "object" if issubclass(annotation, BaseModel) else "string"
        elif annotation in (datetime.date,):
            self.json_type, self.format = "string", "date"
        else:
            self.json_type = _SCALARS[annotation]

    def model(self) -> type[BaseModel] | None:
        found = self.annotation
        return found if isinstance(found, type) and issubclass(found, BaseModel) else None

    def innermost(self) -> "_Shape":
        return self if self.inner is None else self.inner.innermost()

    def path(self) -> str:
        return "" if self.inner is None else self.step + self.inner.path()


def fields_of(model: type[BaseModel], resources: dict[type[BaseModel], str]) -> list[FieldEntry]:
    """Every field of `model` in declaration order, nested objects' fields after their own.
    A nested model that is a resource of its own (in `resources`) is named, not repeated."""
    return _fields(model, "", resources)


def _fields(
    model: type[BaseModel], prefix: str, resources: dict[type[BaseModel], str]
) -> list[FieldEntry]:
    entries: list[FieldEntry] = []
    for name, info in model.model_fields.items():
        shape = _Shape(info.annotation)
        inside = shape.innermost()
        nested = inside.model()
        kind = inside.annotation
        vocabulary = _VOCABULARY_NAMES.get(kind) if isinstance(kind, type) else None
        described_by = nested or (kind if vocabulary else None)
        description = info.description or (described_by and described_by.__doc__) or ""
        entries.append(
            FieldEntry(
                name=prefix + name,
                type=shape.json_type,
                format=shape.format,
                items=shape.inner.json_type if shape.inner else None,
                nullable=shape.nullable,
                description=" ".join(description.split()),
                vocabulary=vocabulary,
                resource=resources.get(nested) if nested else None,
            )
        )
        if nested is not None and nested not in resources:
            entries += _fields(nested, f"{prefix}{name}{shape.path()}.", resources)
    return entries
