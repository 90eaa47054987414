"""Positions: find each quote in the clean text and compute its span, pages and paragraph;
check every reference, that each verb is in the quote's paragraph and that quotations in
editorial text are verbatim; and check that every sentence is covered by a quote or by context."""

from dataclasses import dataclass
from typing import Any, NamedTuple

from app.loader.certainty import ModeWordings, check_certainty
from app.loader.checker import Checker, Link, NodePath
from app.loader.files import YamlFile
from app.loader.records import (
    AttributionLinkRecord,
    ContextRecord,
    IssueRecord,
    PositionRecord,
    PositionsFile,
)
from app.loader.scales import check_position, sentence_span
from app.loader.text import ParsedText, Span

# Characters of text kept before and after each quote: a W3C TextQuoteSelector's prefix and
# suffix, enough to find the quote again in a copy of the text whose offsets differ.
CONTEXT_CHARS = 32


def find_quote(text: str, quote: str, occurrence: int | None) -> tuple[Span | None, str | None]:
    """The span of `quote` in `text`, or an error: not found, ambiguous, or no such occurrence."""
    starts = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        return None, "quote not found in the document text"
    if occurrence is None and len(starts) > 1:
        return None, (
            f"quote occurs {len(starts)} times in the document text; "
            f"give its occurrence (1 to {len(starts)})"
        )
    if occurrence is not None and occurrence > len(starts):
        return None, f"quote occurs {len(starts)} times, so there is no occurrence {occurrence}"
    start = starts[(occurrence or 1) - 1]
    return Span(start, start + len(quote)), None


def _attribution_column(
    links: list[AttributionLinkRecord], sender: str, recipients: list[str]
) -> list[dict[str, Any]]:
    """A position's `attribution` column: its reporting chain as JSON objects, innermost
    first, closed by the telegram itself (sender to recipients)."""
    chain = [link.model_dump() for link in links]
    chain.append({"party": sender, "to": list(recipients), "verb": None, "basis": "stated"})
    return chain


class ResolvedFile(NamedTuple):
    """One positions file's rows: its positions, their `responds_to` links, and its context
    sentences (numbered from 1 in document order)."""

    positions: list[dict[str, Any]]
    links: list[Link]
    context: list[dict[str, Any]]


def resolve_positions(
    checker: Checker,
    file: YamlFile,
    *,
    party_ids: dict[str, int],
    issue_ids: dict[str, int],
    issues: dict[str, IssueRecord],
    document_ids: dict[str, int],
    parsed_by_slug: dict[str, ParsedText],
    correspondents: dict[str, tuple[str, list[str]]],
    seen_ids: set[str],
    mode_wordings: ModeWordings,
) -> ResolvedFile:
    """The position rows of one file, the `responds_to` links between positions (one row of
    `position_response` each), and the rows of its context sentences."""
    positions_file = _header(checker, file, parsed_by_slug)
    if positions_file is None:
        return ResolvedFile([], [], [])
    document = positions_file.document
    sender, recipients = correspondents[document]
    scope = _FileScope(
        checker,
        file,
        parsed_by_slug[document],
        party_ids=party_ids,
        issue_ids=issue_ids,
        issues=issues,
        document_id=document_ids[document],
        sender=sender,
        recipients=recipients,
        default_attribution=positions_file.default_attribution,
        mode_wordings=mode_wordings,
    )
    for link_index, link in enumerate(positions_file.default_attribution):
        scope.check_parties(("default_attribution", link_index), None, [link.party, *link.to])
    context = scope.context_rows()
    covered = [Span(row["span_start"], row["span_end"]) for row in context]

    records = list(
        checker.validate(
            file, PositionRecord, file.data.get("positions", []), ("positions",), "position"
        )
    )
    ids_in_file = {record.id for _, record in records}
    rows: list[dict[str, Any]] = []
    links: list[Link] = []
    for index, record in records:
        resolved = scope.position(index, record, seen_ids=seen_ids, ids_in_file=ids_in_file)
        if resolved is None:
            continue
        row, span, responds_to = resolved
        rows.append(row)
        covered.append(span)
        links += responds_to
    scope.report_uncovered(covered)
    return ResolvedFile(rows, links, context)


def _header(
    checker: Checker, file: YamlFile, parsed_by_slug: dict[str, ParsedText]
) -> PositionsFile | None:
    """The file's document and default attribution, validated apart from its entries; None
    (with the errors recorded) if they do not validate or the document is unknown."""
    header = {key: value for key, value in file.data.items() if key not in ("positions", "context")}
    header["positions"] = []
    positions_file = checker.validate_one(file, PositionsFile, header, (), None)
    if positions_file is None:
        return None
    if positions_file.document not in parsed_by_slug:
        checker.fail(file, ("document",), None, f"unknown document {positions_file.document!r}")
        return None
    return positions_file


@dataclass
class _FileScope:
    """What checking the entries of one positions file needs at hand: where errors go, the
    document's text and correspondents, and the slugs known."""

    checker: Checker
    file: YamlFile
    parsed: ParsedText
    party_ids: dict[str, int]
    issue_ids: dict[str, int]
    issues: dict[str, IssueRecord]
    document_id: int
    sender: str
    recipients: list[str]
    default_attribution: list[AttributionLinkRecord]
    mode_wordings: ModeWordings

    def fail(self, path: NodePath, subject: str | None, message: str) -> None:
        self.checker.fail(self.file, path, subject, message)

    def check_parties(self, path: NodePath, subject: str | None, slugs: list[str]) -> None:
        for slug in slugs:
            if slug not in self.party_ids:
                self.fail(path, subject, f"unknown party {slug!r}")

    def context_rows(self) -> list[dict[str, Any]]:
        """The rows of the context sentences, in document order, each checked to be a whole
        sentence of the text, with known issues."""
        entries = self.file.data.get("context", [])
        found: list[tuple[Span, int, ContextRecord]] = []
        for index, context in self.checker.validate(
            self.file, ContextRecord, entries, ("context",), "context"
        ):
            span, problem = find_quote(self.parsed.text, context.sentence, None)
            subject = f"context #{index + 1}"
            if span is None:
                self.fail(("context", index, "sentence"), subject, problem or "")
                continue
            paragraph = self.parsed.paragraph_of(span)
            if span not in self.parsed.sentences() or paragraph is None:
                self.fail(("context", index, "sentence"), subject, "not a whole sentence")
                paragraph = 0
            for issue in context.issues:
                if issue not in self.issue_ids:
                    self.fail(("context", index, "issues"), subject, f"unknown issue {issue!r}")
            found.append((span, paragraph, context))
        found.sort(key=lambda item: item[0].start)
        rows = []
        for number, (span, paragraph, context) in enumerate(found, start=1):
            pages = self.parsed.pages_of(span)
            rows.append(
                {
                    "document_id": self.document_id,
                    "number": number,
                    "sentence": context.sentence,
                    "span_start": span.start,
                    "span_end": span.end,
                    "page_start": pages[0],
                    "page_end": pages[-1],
                    "paragraph": paragraph,
                    "reason": context.reason,
                    "issues": list(context.issues),
                }
            )
        return rows

    def position(
        self, index: int, record: PositionRecord, *, seen_ids: set[str], ids_in_file: set[str]
    ) -> tuple[dict[str, Any], Span, list[Link]] | None:
        """One entry's row, the span of its quote and its `responds_to` links; None
        if it has no place in the text (or repeats an id), with every error recorded."""
        path = ("positions", index)
        subject = f"position {record.id}"
        if record.id in seen_ids:
            self.fail((*path, "id"), subject, "duplicate position id")
            return None
        seen_ids.add(record.id)
        for field_name in ("summary", "note"):
            self.checker.check_quotations(
                self.file,
                (*path, field_name),
                subject,
                getattr(record, field_name),
                [self.parsed.text],
            )
        span, problem = find_quote(self.parsed.text, record.quote, record.occurrence)
        if span is None:
            self.fail((*path, "quote"), subject, problem or "")
            return None
        paragraph = self.parsed.paragraph_of(span)
        if paragraph is None:
            self.fail((*path, "quote"), subject, "quote is not inside one body paragraph")
            return None
        paragraph_text = self.parsed.paragraph_text(paragraph)
        if record.verb is not None and record.verb not in paragraph_text:
            self.fail(
                (*path, "verb"), subject, f"verb {record.verb!r} is not in paragraph {paragraph}"
            )
        self.check_parties((*path, "party"), subject, [record.party])
        if record.addressee:
            self.check_parties((*path, "addressee"), subject, [record.addressee])
        if record.issue not in self.issue_ids:
            self.fail((*path, "issue"), subject, f"unknown issue {record.issue!r}")
        sentence = sentence_span(self.parsed, span)
        sentence_text = self.parsed.text[sentence.start : sentence.end]
        check_position(
            self.checker, self.file, path, record, sentence=sentence_text, issues=self.issues
        )
        chain = self._attribution(path, subject, record, paragraph, paragraph_text)
        check_certainty(
            self.checker,
            self.file,
            path,
            record,
            sentence=sentence_text,
            chain=chain,
            wordings=self.mode_wordings,
        )
        links = self._responds_to(path, subject, record, seen_ids, ids_in_file)
        return self._row(record, span, sentence, paragraph, chain), span, links

    def _attribution(
        self,
        path: NodePath,
        subject: str,
        record: PositionRecord,
        paragraph: int,
        paragraph_text: str,
    ) -> list[AttributionLinkRecord]:
        """The entry's reporting chain (its own, or the file's default), with its verbs
        checked against the quote's paragraph (and its parties, if it is the entry's own)."""
        if record.attribution is None:
            links_at: NodePath = ("default_attribution",)
            chain = self.default_attribution
        else:
            links_at = (*path, "attribution")
            chain = record.attribution
        for link_index, link in enumerate(chain):
            if record.attribution is not None:
                self.check_parties((*links_at, link_index), subject, [link.party, *link.to])
            if link.verb is not None and link.verb not in paragraph_text:
                self.fail(
                    (*links_at, link_index, "verb"),
                    subject,
                    f"verb {link.verb!r} is not in paragraph {paragraph}",
                )
        return chain

    def _responds_to(
        self,
        path: NodePath,
        subject: str,
        record: PositionRecord,
        seen_ids: set[str],
        ids_in_file: set[str],
    ) -> list[Link]:
        """The entry's links to the positions it responds to, each naming one that exists,
        once."""
        links: list[Link] = []
        for index, target in enumerate(record.responds_to):
            at = (*path, "responds_to", index)
            if target == record.id or (target not in ids_in_file and target not in seen_ids):
                self.fail(at, subject, f"responds_to {target!r} is not another known position")
            elif target in record.responds_to[:index]:
                self.fail(at, subject, f"responds_to names {target!r} twice")
            else:
                links.append(Link(self.file, at, record.id, target))
        return links

    def _row(
        self,
        record: PositionRecord,
        span: Span,
        sentence: Span,
        paragraph: int,
        chain: list[AttributionLinkRecord],
    ) -> dict[str, Any]:
        pages = self.parsed.pages_of(span)
        text = self.parsed.text
        return {
            "id": record.id,
            "document_id": self.document_id,
            "party_id": self.party_ids.get(record.party),
            "issue_id": self.issue_ids.get(record.issue),
            "stance": record.stance.value,
            "verb": record.verb,
            "summary": record.summary,
            "quote": record.quote,
            "span_start": span.start,
            "span_end": span.end,
            "sentence_start": sentence.start,
            "sentence_end": sentence.end,
            "sentence": text[sentence.start : sentence.end],
            "prefix": text[max(span.start - CONTEXT_CHARS, 0) : span.start],
            "suffix": text[span.end : span.end + CONTEXT_CHARS],
            "page_start": pages[0],
            "page_end": pages[-1],
            "paragraph": paragraph,
            "attribution": _attribution_column(chain, self.sender, self.recipients),
            "addressee_id": self.party_ids.get(record.addressee or ""),
            "evidence": record.evidence.value,
            "mode": record.mode.value,
            "mode_words": record.mode_words,
            "editorial_note": record.note,
            "scale_point": record.scale_point,
            "scale_words": record.scale_words,
            "salience": record.salience and record.salience.value,
            "salience_words": record.salience_words,
        }

    def report_uncovered(self, covered: list[Span]) -> None:
        """An error for each body sentence that no quote or context entry overlaps."""
        for sentence in sentences_not_covered(self.parsed, covered):
            text = self.parsed.text[sentence.start : sentence.end]
            self.fail(
                ("document",),
                None,
                f"sentence at {sentence.start} is neither quoted nor listed as context: {text!r}",
            )


def sentences_not_covered(parsed: ParsedText, covered: list[Span]) -> list[Span]:
    """Body sentences that no quote or context entry overlaps.

    A sentence is overlapped iff, among the spans starting before it ends, the furthest end
    lies beyond its start; sentences come in order, so one sweep over the spans sorted by
    start answers every sentence (a document with a thousand quotes stays linear)."""
    spans = sorted(covered, key=lambda span: span.start)
    missing: list[Span] = []
    furthest, next_span = -1, 0
    for sentence in parsed.sentences():
        while next_span < len(spans) and spans[next_span].start < sentence.end:
            furthest = max(furthest, spans[next_span].end)
            next_span += 1
        if furthest <= sentence.start:
            missing.append(sentence)
    return missing
