"""The dataset as a Frictionless Data Package: a CSV per table and `datapackage.json`.

The schemas are read from the SQLAlchemy metadata (`SQLModel.metadata`): a table is exported
by naming it in `RESOURCES`, with its columns' types, its primary key and its foreign keys.
What no table holds is derived: the attribution chains, one row per link, from
`position.attribution`.

JSON columns (`document.recipients`, `issue.scale`, `position.attribution` …) are written as
JSON text typed `array` or `object`, which Frictionless reads back as lists and objects: each
CSV keeps exactly its table's columns, so the CSV files, the SQLite download and the API name
the same things alike. The attribution chains are also flattened into their own table, since
that is what a spreadsheet or a join needs.

Everything is read from a SQLite snapshot of the dataset (app/downloads.py), so the package
and the SQLite download hold the same rows; rows are written in primary-key order and the
zip's timestamps are fixed, so the same snapshot gives the same bytes.
"""

import csv
import io
import json
import types
import typing
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.main import default_registry

import app.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from app.config import PROJECT_ROOT
from app.licensing import ANNOTATIONS, SOURCE_TEXT, License

Row = dict[str, Any]
# Fixed entry times: the same rows give the same zip, byte for byte (1980 is the earliest a
# zip can record).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ROWS_PER_READ = 5000

# Tables only the package has: the relational form of data the model keeps in a column.
_DERIVED = sa.MetaData()
ATTRIBUTION_LINK = sa.Table(
    "attribution_link",
    _DERIVED,
    sa.Column("position_id", sa.String(32), sa.ForeignKey("position.id"), primary_key=True),
    sa.Column("link", sa.Integer, primary_key=True, comment="1 = the innermost link."),
    sa.Column("to_party_id", sa.Integer, sa.ForeignKey("party.id"), primary_key=True),
    sa.Column("party_id", sa.Integer, sa.ForeignKey("party.id"), nullable=False),
    sa.Column("verb", sa.String, comment="The text's word for it (`told`, `said`), if any."),
    sa.Column("basis", sa.String(32), nullable=False, comment="`stated` or `context`."),
    comment="Each position's reporting chain, innermost first: one row per link and "
    "recipient (a link passed to two parties is two rows).",
)


def _attribution_links(connection: Connection) -> Iterator[Row]:
    party_ids: dict[str, int] = {
        slug: party_id
        for slug, party_id in connection.execute(sa.text("SELECT slug, id FROM party"))
    }
    position = SQLModel.metadata.tables["position"]
    rows = connection.execute(
        sa.select(position.c.id, position.c.attribution).order_by(position.c.id)
    )
    for position_id, chain in rows:
        for number, link in enumerate(chain, start=1):
            for recipient in link["to"]:
                yield {
                    "position_id": position_id,
                    "link": number,
                    "to_party_id": party_ids[recipient],
                    "party_id": party_ids[link["party"]],
                    "verb": link.get("verb"),
                    "basis": link["basis"],
                }


@dataclass(frozen=True)
class Resource:
    """A table of the package: read from the model's table of that name, or derived by
    `derive` in the shape of `derived`."""

    name: str
    description: str
    derived: sa.Table | None = None
    derive: Callable[[Connection], Iterator[Row]] | None = None

    def table(self) -> sa.Table:
        table = SQLModel.metadata.tables.get(self.name, self.derived)
        assert table is not None, f"{self.name}: no such table, and no derivation"
        return table

    def rows(self, connection: Connection) -> Iterator[Row]:
        table = self.table()
        if self.derive is not None:
            yield from self.derive(connection)
            return
        result = connection.execution_options(yield_per=ROWS_PER_READ).execute(
            sa.select(table).order_by(*table.primary_key.columns)
        )
        for row in result.mappings():
            yield dict(row)


RESOURCES = (
    Resource("document", "Source documents: metadata, clean text, page breaks, paragraphs."),
    Resource("party", "People, states, governments, parties, armed forces and offices."),
    Resource("party_alias", "Other names of parties: the text's and editorial variants."),
    Resource("issue", "What was negotiated; `parent_id` nests issues."),
    Resource("issue_alias", "Other names of issues."),
    Resource("position", "Stances on issues, each with its verbatim quote and span."),
    Resource(
        "attribution_link",
        "Each position's reporting chain, innermost first, one row per link and recipient.",
        ATTRIBUTION_LINK,
        _attribution_links,
    ),
    Resource("position_response", "Which positions each position answers (`responds_to`)."),
    Resource("context_sentence", "Body sentences no position quotes, and why."),
)


# -- Table Schema, from the metadata --------------------------------------------------------


def _json_kinds() -> dict[tuple[str, str], str]:
    """(table, column) → `array` or `object`, for JSON columns, from the models' annotations."""
    kinds: dict[tuple[str, str], str] = {}
    for mapper in default_registry.mappers:
        table = mapper.local_table
        for name, field in mapper.class_.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is (
                typing.Union
            ):
                annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
            origin = typing.get_origin(annotation) or annotation
            if origin in (list, dict) and isinstance(table, sa.Table):
                kinds[(table.name, name)] = "array" if origin is list else "object"
    return kinds


def _field_type(column: sa.Column[Any], json_kinds: dict[tuple[str, str], str]) -> str:
    kind = column.type
    if isinstance(kind, sa.JSON):
        return json_kinds.get((str(column.table.name), column.name), "any")
    for sql_type, name in (
        (sa.Boolean, "boolean"),
        (sa.Integer, "integer"),
        (sa.Numeric, "number"),
        (sa.Float, "number"),
        (sa.DateTime, "datetime"),
        (sa.Date, "date"),
    ):
        if isinstance(kind, sql_type):
            return name
    return "string"


def _field(column: sa.Column[Any], json_kinds: dict[tuple[str, str], str]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"name": column.name, "type": _field_type(column, json_kinds)}
    if column.comment:
        descriptor["description"] = column.comment
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    length = getattr(column.type, "length", None)
    if isinstance(length, int):
        constraints["maxLength"] = length
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: sa.Table, names: set[str]) -> dict[str, Any]:
    """A Table Schema of `table`: its fields, primary key, and the foreign keys to tables
    among `names` (the package's resources)."""
    json_kinds = _json_kinds()
    foreign_keys = []
    for constraint in sorted(table.foreign_key_constraints, key=lambda c: list(c.column_keys)):
        targets = [element.target_fullname.split(".") for element in constraint.elements]
        target_table = targets[0][0]
        if target_table not in names:
            continue
        foreign_keys.append(
            {
                "fields": list(constraint.column_keys),
                # "" is the resource itself, in the Table Schema specification
                "reference": {
                    "resource": "" if target_table == table.name else target_table,
                    "fields": [column for _, column in targets],
                },
            }
        )
    schema: dict[str, Any] = {
        "fields": [_field(column, json_kinds) for column in table.columns],
        "primaryKey": [column.name for column in table.primary_key.columns],
        "missingValues": [""],
    }
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _license(license_: License) -> dict[str, str]:
    found = {"path": license_.url, "title": license_.name}
    return {"name": license_.spdx, **found} if license_.spdx else found


def descriptor(*, version: str, loader_sha256: str, sources: list[Row]) -> dict[str, Any]:
    """`datapackage.json`: name, version, licences, sources, and each resource's schema."""
    names = {resource.name for resource in RESOURCES}
    return {
        "profile": "tabular-data-package",
        "name": "parley",
        "title": "Parley: negotiation positions in diplomatic records",
        "description": "Who wanted what, on which issue, in whose words, on which printed "
        "page: positions from Foreign Relations of the United States, each with the verbatim "
        "quote that supports it. See README.md for the licences and how to cite.",
        "version": version,
        "parley_loader_sha256": loader_sha256,
        "licenses": [_license(ANNOTATIONS), _license(SOURCE_TEXT)],
        "sources": [{"title": row["citation"], "path": row["url"]} for row in sources],
        "resources": [
            {
                "name": resource.name,
                "path": f"data/{resource.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": resource.description,
                "schema": table_schema(resource.table(), names),
            }
            for resource in RESOURCES
        ],
    }


# -- writing ---------------------------------------------------------------------------------


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_package(connection: Connection, target: Path, *, readme: str) -> None:
    """The whole package as a zip at `target`, from a connection to the snapshot."""
    version, loader_sha256 = connection.execute(
        sa.text("SELECT version, loader_sha256 FROM dataset WHERE id = 1")
    ).one()
    sources = [
        dict(row)
        for row in connection.execute(
            sa.text("SELECT citation, url FROM document ORDER BY id")
        ).mappings()
    ]
    package = descriptor(version=version, loader_sha256=loader_sha256, sources=sources)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(_entry("datapackage.json"), json.dumps(package, indent=2) + "\n")
        archive.writestr(_entry("README.md"), readme)
        licence_text = PROJECT_ROOT / "LICENSE-DATA.md"
        if licence_text.is_file():
            archive.writestr(_entry("LICENSE-DATA.md"), licence_text.read_text(encoding="utf-8"))
        for resource in RESOURCES:
            columns = [column.name for column in resource.table().columns]
            with (
                archive.open(_entry(f"data/{resource.name}.csv"), "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(columns)
                for row in resource.rows(connection):
                    writer.writerow([_cell(row[name]) for name in columns])
