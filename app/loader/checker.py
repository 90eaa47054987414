"""The validation pass's state: which files it reads and every error it has found so far."""

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.loader.files import AnnotationError, YamlFile, plain, read_yaml
from app.loader.records import AliasRecord, DocumentRecord, IssueRecord, PartyRecord
from app.text import ParsedText, parse_received_text
from app.vocabulary import AliasKind

R = TypeVar("R", bound=BaseModel)


def slugify(text: str) -> str:
    """'Lüshun' → 'lushun', "Dal'nii" → 'dalnii', 'the Russians' → 'russians'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"^the\s+", "", ascii_text.lower().replace("'", ""))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class Checker:
    def __init__(self, seed_dir: Path) -> None:
        self.seed_dir = seed_dir
        self.errors: list[AnnotationError] = []
        self.document_index: dict[str, int] = {}  # slug → position in documents.yaml

    # -- helpers -----------------------------------------------------------------------------

    def fail(self, file: YamlFile, path: tuple[str | int, ...], subject: str | None, message: str):
        self.errors.append(AnnotationError(file.location(*path), subject, message))

    def read(self, relative: str) -> YamlFile:
        return read_yaml(self.seed_dir / relative, f"{self.seed_dir.name}/{relative}")

    def validate(
        self, file: YamlFile, model: type[R], items: Any, path: tuple[str | int, ...], kind: str
    ) -> Iterator[tuple[int, R]]:
        """Yield (index, record) for each item that validates; record errors for the rest."""
        if not isinstance(items, list):
            self.fail(file, path, None, f"expected a list of {kind} records")
            return
        for index, item in enumerate(items):
            name = item.get("id") or item.get("slug") if isinstance(item, dict) else None
            subject = f"{kind} {name}" if name else f"{kind} #{index + 1}"
            try:
                yield index, model.model_validate(plain(item))
            except ValidationError as exc:
                for error in exc.errors():
                    loc = tuple(error["loc"])
                    field_name = ".".join(str(part) for part in loc)
                    self.fail(file, (*path, index, *loc), subject, f"{field_name}: {error['msg']}")

    # -- the files ---------------------------------------------------------------------------

    def sources(self) -> dict[str, str]:
        file = self.read("editorial_sources.yaml")
        data = plain(file.data) or {}
        return {str(key): str(value).strip() for key, value in data.items()}

    def check_source(self, file, path, subject, key: str | None, sources, *, needed: bool) -> None:
        if key is None:
            if needed:
                self.fail(file, path, subject, "editorial fact without a source")
        elif key not in sources:
            self.fail(file, path, subject, f"unknown editorial source {key!r}")

    def documents(self) -> dict[str, tuple[DocumentRecord, ParsedText, str]]:
        file = self.read("documents.yaml")
        self.documents_file = file
        found: dict[str, tuple[DocumentRecord, ParsedText, str]] = {}
        for index, record in self.validate(file, DocumentRecord, file.data, (), "document"):
            subject = f"document {record.slug}"
            self.document_index[record.slug] = index
            if record.slug in found:
                self.fail(file, (index, "slug"), subject, "duplicate document slug")
                continue
            received_bytes = (self.seed_dir / record.file).read_bytes()
            digest = hashlib.sha256(received_bytes).hexdigest()
            if digest != record.received_sha256:
                self.fail(
                    file,
                    (index, "received_sha256"),
                    subject,
                    f"{record.file} has SHA-256 {digest}, not the recorded one",
                )
                continue
            parsed = parse_received_text(
                received_bytes.decode("utf-8"),
                first_page=record.first_page,
                heading_line_count=record.heading_line_count,
            )
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

    def aliases(
        self,
        file: YamlFile,
        index: int,
        subject: str,
        aliases: list[AliasRecord],
        sources,
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
        filename: str,
        model: type[PartyRecord] | type[IssueRecord],
        kind: str,
        sources,
        texts: list[str],
    ) -> tuple[list[tuple[int, Any]], list[tuple[str, int, AliasRecord, str]], YamlFile]:
        """Parties or issues: records, their aliases, and slug/alias collisions refused.

        Slugs are claimed first, then aliases, so an alias can never push out a record
        that comes later in the file."""
        file = self.read(filename)
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
                file, index, subject, record.aliases, sources, texts
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
        return records, aliases, file
