"""Positions: find each quote in the clean text and compute its span, pages and paragraph;
check every reference, that each verb is in the quote's paragraph and that quotations in
editorial text are verbatim; and check that every sentence is covered by a quote or by context."""

from typing import Any

from app.loader.checker import Checker, Link
from app.loader.files import YamlFile
from app.loader.records import AttributionLinkRecord, ContextRecord, PositionRecord, PositionsFile
from app.loader.text import ParsedText, Span


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
) -> list[dict]:
    """A position's `attribution` column: its reporting chain as JSON objects, innermost
    first, closed by the telegram itself (sender to recipients)."""
    chain = [link.model_dump() for link in links]
    chain.append({"party": sender, "to": list(recipients), "verb": None, "basis": "stated"})
    return chain


def resolve_positions(
    checker: Checker,
    file: YamlFile,
    *,
    party_ids: dict[str, int],
    issue_ids: dict[str, int],
    document_ids: dict[str, int],
    parsed_by_slug: dict[str, ParsedText],
    correspondents: dict[str, tuple[str, list[str]]],
    seen_ids: set[str],
) -> tuple[list[dict[str, Any]], list[Link]]:
    """The position rows of one file, and the `responds_to` links between positions."""
    data = file.data
    header = {key: value for key, value in data.items() if key != "positions" and key != "context"}
    header["positions"] = []
    positions_file = checker.validate_one(file, PositionsFile, header, (), None)
    if positions_file is None:
        return [], []
    document = positions_file.document
    if document not in parsed_by_slug:
        checker.fail(file, ("document",), None, f"unknown document {document!r}")
        return [], []
    parsed = parsed_by_slug[document]
    sender, recipients = correspondents[document]
    for link_index, link in enumerate(positions_file.default_attribution):
        _check_parties(
            checker,
            file,
            ("default_attribution", link_index),
            None,
            [link.party, *link.to],
            party_ids,
        )

    covered: list[Span] = []
    for index, context in checker.validate(
        file, ContextRecord, data.get("context", []), ("context",), "context"
    ):
        span, problem = find_quote(parsed.text, context.sentence, None)
        subject = f"context #{index + 1}"
        if span is None:
            checker.fail(file, ("context", index, "sentence"), subject, problem or "")
            continue
        if span not in parsed.sentences():
            checker.fail(file, ("context", index, "sentence"), subject, "not a whole sentence")
        for issue in context.issues:
            if issue not in issue_ids:
                checker.fail(
                    file, ("context", index, "issues"), subject, f"unknown issue {issue!r}"
                )
        covered.append(span)

    records: list[tuple[int, PositionRecord]] = list(
        checker.validate(
            file, PositionRecord, data.get("positions", []), ("positions",), "position"
        )
    )
    ids_in_file = {record.id for _, record in records}
    rows: list[dict[str, Any]] = []
    links: list[Link] = []
    for index, record in records:
        path = ("positions", index)
        subject = f"position {record.id}"
        if record.id in seen_ids:
            checker.fail(file, (*path, "id"), subject, "duplicate position id")
            continue
        seen_ids.add(record.id)
        for field_name in ("summary", "note"):
            checker.check_quotations(
                file, (*path, field_name), subject, getattr(record, field_name), [parsed.text]
            )
        span, problem = find_quote(parsed.text, record.quote, record.occurrence)
        if span is None:
            checker.fail(file, (*path, "quote"), subject, problem or "")
            continue
        paragraph = parsed.paragraph_of(span)
        if paragraph is None:
            checker.fail(file, (*path, "quote"), subject, "quote is not inside one body paragraph")
            continue
        covered.append(span)
        paragraph_text = parsed.paragraph_text(paragraph)
        if record.verb is not None and record.verb not in paragraph_text:
            checker.fail(
                file,
                (*path, "verb"),
                subject,
                f"verb {record.verb!r} is not in paragraph {paragraph}",
            )
        _check_parties(checker, file, (*path, "party"), subject, [record.party], party_ids)
        if record.addressee:
            _check_parties(
                checker, file, (*path, "addressee"), subject, [record.addressee], party_ids
            )
        if record.issue not in issue_ids:
            checker.fail(file, (*path, "issue"), subject, f"unknown issue {record.issue!r}")
        if record.attribution is None:
            links_at: tuple[str | int, ...] = ("default_attribution",)
            chain = positions_file.default_attribution
        else:
            links_at = (*path, "attribution")
            chain = record.attribution
        for link_index, link in enumerate(chain):
            if record.attribution is not None:
                _check_parties(
                    checker,
                    file,
                    (*links_at, link_index),
                    subject,
                    [link.party, *link.to],
                    party_ids,
                )
            if link.verb is not None and link.verb not in paragraph_text:
                checker.fail(
                    file,
                    (*links_at, link_index, "verb"),
                    subject,
                    f"verb {link.verb!r} is not in paragraph {paragraph}",
                )
        if record.responds_to is not None:
            if record.responds_to == record.id or (
                record.responds_to not in ids_in_file and record.responds_to not in seen_ids
            ):
                checker.fail(
                    file,
                    (*path, "responds_to"),
                    subject,
                    f"responds_to {record.responds_to!r} is not another known position",
                )
            else:
                links.append(Link(file, (*path, "responds_to"), record.id, record.responds_to))
        pages = parsed.pages_of(span)
        rows.append(
            {
                "id": record.id,
                "document_id": document_ids[document],
                "party_id": party_ids.get(record.party),
                "issue_id": issue_ids.get(record.issue),
                "stance": record.stance.value,
                "verb": record.verb,
                "summary": record.summary,
                "quote": record.quote,
                "span_start": span.start,
                "span_end": span.end,
                "page_start": pages[0],
                "page_end": pages[-1],
                "paragraph": paragraph,
                "attribution": _attribution_column(chain, sender, recipients),
                "addressee_id": party_ids.get(record.addressee or ""),
                "certainty": record.certainty.value,
                "responds_to_id": record.responds_to,
                "editorial_note": record.note,
            }
        )

    for sentence in sentences_not_covered(parsed, covered):
        text = parsed.text[sentence.start : sentence.end]
        checker.fail(
            file,
            ("document",),
            None,
            f"sentence at {sentence.start} is neither quoted nor listed as context: {text!r}",
        )
    return rows, links


def _check_parties(checker, file, path, subject, slugs: list[str], party_ids) -> None:
    for slug in slugs:
        if slug not in party_ids:
            checker.fail(file, path, subject, f"unknown party {slug!r}")


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
