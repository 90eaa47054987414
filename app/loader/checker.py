"""The validation pass's state: which files it reads and every error it has found so far."""

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.loader.files import AnnotationError, UnreadableFile, YamlFile, plain, read_yaml
from app.loader.records import AliasRecord, DocumentRecord, IssueRecord, PartyRecord
from app.loader.text import ParsedText, parse_received_text, quotations
from app.vocabulary import AliasKind

R = TypeVar("R", bound=BaseModel)

NodePath = tuple[str | int, ...]  # keys and indexes from a file's root to one of its nodes


def slugify(text: str) -> str:
    """'Lüshun' → 'lushun', "Dal'nii" → 'dalnii', 'the Russians' → 'russians'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"^the\s+", "", ascii_text.lower().replace("'", ""))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@dataclass(frozen=True)
class Link:
    """A record's reference to another record of its kind, and where it is written."""

    file: YamlFile
    path: NodePath  # to the referencing field
    name: str  # slug or id of the record that refers
    target: str  # slug or id of the record referred to


class Checker:
    def __init__(self, seed_dir: Path) -> None:
        self.seed_dir = seed_dir
        self.errors: list[AnnotationError] = []
        self.document_index: dict[str, int] = {}  # slug → position in documents.yaml
        self.texts_complete = True  # every document's text could be read and parsed

    # -- helpers -----------------------------------------------------------------------------

    def fail(self, file: YamlFile, path: NodePath, subject: str | None, message: str) -> None:
        self.errors.append(
            AnnotationError(file.display_path, file.line_of(*path), subject, message)
        )

    def read(
        self, relative: str, shape: type[list[Any]] | type[dict[str, Any]], what: str
    ) -> YamlFile | None:
        """The parsed file, or None (with the error recorded) if it is missing, unreadable,
        invalid, or its top level is not `shape` (an empty mapping file counts as empty)."""
        display_path = f"{self.seed_dir.name}/{relative}"
        try:
            file = read_yaml(self.seed_dir / relative, display_path)
        except UnreadableFile as exc:
            self.errors.append(AnnotationError(display_path, exc.line, None, exc.message))
            return None
        if file.data is None and shape is dict:
            return YamlFile(display_path, {})
        if not isinstance(file.data, shape):
            kind = "list" if shape is list else "mapping"
            self.fail(file, (), None, f"expected a {kind} of {what}")
            return None
        return file

    def validate_one(
        self, file: YamlFile, model: type[R], item: Any, path: NodePath, subject: str | None
    ) -> R | None:
        """The record at `path`, or None with an error for each field that does not validate."""
        try:
            return model.model_validate(plain(item))
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                field_name = ".".join(str(part) for part in loc)
                self.fail(file, (*path, *loc), subject, f"{field_name}: {error['msg']}")
            return None

    def validate(
        self, file: YamlFile, model: type[R], items: Any, path: NodePath, kind: str
    ) -> Iterator[tuple[int, R]]:
        """Yield (index, record) for each item that validates; record errors for the rest."""
        if not isinstance(items, list):
            self.fail(file, path, None, f"expected a list of {kind} records")
            return
        for index, item in enumerate(items):
            name = (item.get("id") or item.get("slug")) if isinstance(item, dict) else None
            subject = f"{kind} {name}" if name else f"{kind} #{index + 1}"
            record = self.validate_one(file, model, item, (*path, index), subject)
            if record is not None:
                yield index, record

    def check_source(
        self,
        file: YamlFile,
        path: NodePath,
        subject: str | None,
        key: str | None,
        sources: dict[str, str],
        *,
        needed: bool,
    ) -> None:
        if key is None:
            if needed:
                self.fail(file, path, subject, "editorial fact without a source")
        elif key not in sources:
            self.fail(file, path, subject, f"unknown editorial source {key!r}")

    def check_quotations(
        self, file: YamlFile, path: NodePath, subject: str, value: str | None, texts: list[str]
    ) -> None:
        """Refuse a quotation in editorial text that is not word for word in a document."""
        for quotation in quotations(value or ""):
            if not any(quotation in text for text in texts):
                self.fail(file, path, subject, f"quotation {quotation!r} is not in the text")

    # -- the files ---------------------------------------------------------------------------

    def sources(self, file: YamlFile) -> dict[str, str]:
        sources: dict[str, str] = {}
        for key, value in file.data.items():
            if not isinstance(value, str) or not value.strip():
                self.fail(file, (key,), f"source {key}", "expected the source's citation as text")
                continue
            sources[str(key)] = value.strip()
        return sources

    def documents(self, file: YamlFile) -> dict[str, tuple[DocumentRecord, ParsedText, str]]:
        """Each document's record, parsed text and SHA-256. `texts_complete` is False after
        this if some document's text cannot be used (its record or its text is wrong)."""
        self.documents_file = file
        found: dict[str, tuple[DocumentRecord, ParsedText, str]] = {}
        records = list(self.validate(file, DocumentRecord, file.data, (), "document"))
        self.texts_complete = len(records) == len(file.data)
        for index, record in records:
            subject = f"document {record.slug}"
            self.document_index[record.slug] = index
            if record.slug in found:
                self.fail(file, (index, "slug"), subject, "duplicate document slug")
                continue
            received = self._received(file, index, subject, record)
            if received is None:
                self.texts_complete = False
                continue
            received_text, digest = received
            try:
                parsed = parse_received_text(
                    received_text,
                    first_page=record.first_page,
                    heading_line_count=record.heading_line_count,
                )
            except ValueError as exc:
                self.fail(file, (index, "file"), subject, f"{record.file}: {exc}")
                self.texts_complete = False
                continue
            if parsed.page_breaks[-1].page != record.last_page:
                self.fail(
                    file,
                    (index, "last_page"),
                    subject,
                    f"the text ends on page {parsed.page_breaks[-1].page}",
                )
            if record.editorial_date is not None and record.editorial_date_source is None:
                self.fail(
                    file, (index, "editorial_date"), subject, "editorial date without a source"
                )
            found[record.slug] = (record, parsed, digest)
        return found

    def _received(
        self, file: YamlFile, index: int, subject: str, record: DocumentRecord
    ) -> tuple[str, str] | None:
        """A document's received text and its SHA-256, if it is there and has the recorded hash."""
        path = (index, "file")
        try:
            received_bytes = (self.seed_dir / record.file).read_bytes()
        except FileNotFoundError:
            self.fail(file, path, subject, f"{record.file} is missing")
            return None
        except OSError as exc:
            self.fail(file, path, subject, f"{record.file} cannot be read: {exc.strerror or exc}")
            return None
        digest = hashlib.sha256(received_bytes).hexdigest()
        if digest != record.received_sha256:
            self.fail(
                file,
                (index, "received_sha256"),
                subject,
                f"{record.file} has SHA-256 {digest}, not the recorded one",
            )
            return None
        try:
            return received_bytes.decode("utf-8"), digest
        except UnicodeDecodeError as exc:
            self.fail(file, path, subject, f"{record.file} is not UTF-8 (byte {exc.start})")
            return None

    def aliases(
        self,
        file: YamlFile,
        index: int,
        subject: str,
        aliases: list[AliasRecord],
        *,
        sources: dict[str, str],
        texts: list[str],
    ) -> Iterator[tuple[int, AliasRecord, str]]:
        for alias_index, alias in enumerate(aliases):
            path = (index, "aliases", alias_index)
            self.check_source(
                file, path, subject, alias.source, sources, needed=alias.kind == AliasKind.EDITORIAL
            )
            if alias.kind == AliasKind.TEXT and not any(alias.text in text for text in texts):
                self.fail(file, path, subject, f"text alias {alias.text!r} is not in the text")
            yield alias_index, alias, slugify(alias.text)

    def entities(
        self,
        file: YamlFile,
        model: type[PartyRecord] | type[IssueRecord],
        kind: str,
        sources: dict[str, str],
        texts: list[str],
    ) -> tuple[list[tuple[int, Any]], list[tuple[str, int, AliasRecord, str]]]:
        """Parties or issues: records, their aliases, and slug/alias collisions refused.

        Slugs are claimed first, then aliases, so an alias can never push out a record
        that comes later in the file."""
        records: list[tuple[int, Any]] = []
        aliases: list[tuple[str, int, AliasRecord, str]] = []
        names: dict[str, str] = {}  # slug or alias slug → what claimed it first
        for index, record in self.validate(file, model, file.data, (), kind):
            if record.slug in names:
                self.fail(
                    file,
                    (index, "slug"),
                    f"{kind} {record.slug}",
                    f"duplicate slug {record.slug!r}",
                )
                continue
            names[record.slug] = f"{kind} {record.slug}"
            records.append((index, record))
        for index, record in records:
            subject = f"{kind} {record.slug}"
            for alias_index, alias, slug in self.aliases(
                file, index, subject, record.aliases, sources=sources, texts=texts
            ):
                if slug in names:
                    self.fail(
                        file,
                        (index, "aliases", alias_index),
                        subject,
                        f"alias {alias.text!r} ({slug}) collides with {names[slug]}",
                    )
                    continue
                names[slug] = f"the alias of {kind} {record.slug}"
                aliases.append((record.slug, alias_index, alias, slug))
        return records, aliases
