"""A document's text as HTML blocks, with its quotes and context sentences marked up.

Quotes may overlap or nest, and HTML elements may only nest. So the text is cut at every
place a span starts or ends (and at each printed page break), and each piece is wrapped in
the spans that cover it, outermost first: the span that starts earlier (then the longer,
then the smaller key) encloses the others. A span that nests in another is simply an
element inside it. A span that *crosses* another (starts inside it and ends after it) cannot
be one element, so it is closed where the other ends and opened again right after: its
first element is the highlight (`first=True`: the one that carries the initials and takes
the focus), and the others are continuations of it. Every element of a span carries its key,
so a reader, a script or a test sees one highlight per position however it was cut. The
same happens at a paragraph's end: an element never crosses a block.

A page break is drawn where it falls, inside the spans that continue across it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of the clean text to mark: [start, end) in code points."""

    start: int
    end: int
    key: str  # a position's id, or `context-<n>`

    def nesting_order(self) -> tuple[int, int, str]:
        """Outer first: earlier start, then longer, then key."""
        return (self.start, -self.end, self.key)


@dataclass(frozen=True)
class Block:
    """A block of the text between blank lines: a numbered paragraph, or the heading's lines."""

    start: int
    end: int
    paragraph: int | None
    html: Markup


@dataclass
class Markers:
    """How the marks are written: an opening tag for a span (first element or a
    continuation), its closing tag, and a printed page's mark."""

    open: Callable[[Span, bool], Markup]
    close: Callable[[Span], Markup]
    page: Callable[[int], Markup]
    opened: set[str] = field(default_factory=set)  # keys whose first element is written


def blocks(
    text: str,
    *,
    paragraphs: list[tuple[int, int, int]],
    spans: list[Span],
    page_breaks: list[tuple[int, int]],
    markers: Markers,
) -> list[Block]:
    """The text as blocks (split at blank lines), each with its spans and page marks.
    `paragraphs` are (number, start, end); `page_breaks` are (page, offset)."""
    numbers = {start: number for number, start, _ in paragraphs}
    gaps = list(BLANK_LINES.finditer(text))
    # A break that falls between blocks is drawn at the start of the next one.
    page_breaks = [
        (page, next((g.end() for g in gaps if g.start() <= offset < g.end()), offset))
        for page, offset in page_breaks
    ]
    found = []
    start = 0
    for gap in [*gaps, None]:
        end = gap.start() if gap else len(text)
        if end > start:
            html = _block(
                text, start=start, end=end, spans=spans, page_breaks=page_breaks, markers=markers
            )
            found.append(Block(start, end, numbers.get(start), html))
        if gap:
            start = gap.end()
    return found


def _block(
    text: str,
    *,
    start: int,
    end: int,
    spans: list[Span],
    page_breaks: list[tuple[int, int]],
    markers: Markers,
) -> Markup:
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    breaks = {offset: page for page, offset in page_breaks if start <= offset < end}
    cuts = sorted(
        {start, end, *breaks}
        | {s.start for s in inside if s.start > start}
        | {s.end for s in inside if s.end < end}
    )
    out: list[str] = []
    stack: list[Span] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        wanted = sorted(
            (s for s in inside if s.start <= left and s.end >= right), key=Span.nesting_order
        )
        kept = 0
        while kept < min(len(stack), len(wanted)) and stack[kept] == wanted[kept]:
            kept += 1
        for span in reversed(stack[kept:]):
            out.append(markers.close(span))
        del stack[kept:]
        if left in breaks:
            out.append(markers.page(breaks[left]))
        for span in wanted[kept:]:
            out.append(markers.open(span, span.key not in markers.opened))
            markers.opened.add(span.key)
            stack.append(span)
        out.append(escape(text[left:right]))
    out.extend(markers.close(span) for span in reversed(stack))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped or a marker's markup)
