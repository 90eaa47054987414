"""The received text → clean text, page breaks, paragraphs and sentences.

Offsets are 0-based, end-exclusive, counted in code points of the clean text,
which is the received text with each `[Page N]` marker (and the one space that
follows it) removed, so that "company with [Page 913] joint" reads "company with joint".
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

PAGE_MARKER = re.compile(r"\[Page (\d+)\] ?")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ? or ! (optionally closed by a quotation mark) before whitespace.
SENTENCE_END = re.compile(r"[.?!][”\"’]?(?=\s|$)")
# A quotation in editorial text: in straight double quotes, or in curly ones.
QUOTATION = re.compile(r'"([^"]*)"|“([^”]*)”')
QUOTATION_MIN_WORDS = 3  # fewer words are a term being named ("lease"), not a quotation


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class PageBreak:
    page: int
    offset: int


@dataclass(frozen=True)
class Paragraph:
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class ParsedText:
    """The clean text of a document and the structure found in its received form."""

    text: str
    page_breaks: tuple[PageBreak, ...]
    heading_lines: tuple[Span, ...]
    paragraphs: tuple[Paragraph, ...]

    @cached_property
    def _page_offsets(self) -> list[int]:
        return [brk.offset for brk in self.page_breaks]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [paragraph.start for paragraph in self.paragraphs]

    def pages_of(self, span: Span) -> list[int]:
        """Printed pages a span lies on, at least partly (by bisection: a long document has
        thousands of quotes and dozens of pages)."""
        offsets = self._page_offsets
        first = max(bisect_right(offsets, span.start) - 1, 0)
        last = max(bisect_left(offsets, span.end) - 1, 0)
        return [
            brk.page
            for index, brk in enumerate(self.page_breaks[first : last + 1], start=first)
            if span.start < self._page_end(index) and span.end > brk.offset
        ]

    def _page_end(self, index: int) -> int:
        following = index + 1 < len(self.page_breaks)
        return self.page_breaks[index + 1].offset if following else len(self.text)

    def paragraph_of(self, span: Span) -> int | None:
        """Number of the body paragraph holding a span, or None if it crosses paragraphs."""
        index = bisect_right(self._paragraph_starts, span.start) - 1
        if index < 0:
            return None
        paragraph = self.paragraphs[index]
        return paragraph.number if span.end <= paragraph.end else None

    def paragraph_text(self, number: int) -> str:
        """The text of body paragraph `number` (1-based)."""
        paragraph = self.paragraphs[number - 1]
        return self.text[paragraph.start : paragraph.end]

    def sentences(self) -> list[Span]:
        """Sentence spans of the body paragraphs, in document order."""
        found = []
        for paragraph in self.paragraphs:
            start = paragraph.start
            body = self.text[paragraph.start : paragraph.end]
            for match in SENTENCE_END.finditer(body):
                end = paragraph.start + match.end()
                found.append(Span(start, end))
                rest = self.text[end : paragraph.end]
                start = end + (len(rest) - len(rest.lstrip()))
            if start < paragraph.end:
                found.append(Span(start, paragraph.end))
        return found


def quotations(editorial: str) -> list[str]:
    """The quotations in a piece of editorial text: fragments in double quotes (straight or
    curly) of at least QUOTATION_MIN_WORDS words, which must be the document's own words."""
    found = []
    for match in QUOTATION.finditer(editorial):
        fragment = match.group(1) if match.group(1) is not None else match.group(2)
        if len(fragment.split()) >= QUOTATION_MIN_WORDS:
            found.append(fragment)
    return found


def parse_received_text(received: str, *, first_page: int, heading_line_count: int) -> ParsedText:
    """Strip page markers and locate page breaks, heading lines and body paragraphs.

    The first `heading_line_count` blocks (the source note and the heading) are kept in
    the clean text but are not numbered as paragraphs: paragraph 1 is the telegram's
    first paragraph, as a reader of the printed page would count it.
    """
    pieces: list[str] = []
    page_breaks = [PageBreak(first_page, 0)]
    length = 0
    cursor = 0
    for marker in PAGE_MARKER.finditer(received):
        piece = received[cursor : marker.start()]
        pieces.append(piece)
        length += len(piece)
        page = int(marker.group(1))
        if page != page_breaks[-1].page + 1:
            raise ValueError(f"page marker [Page {page}] follows page {page_breaks[-1].page}")
        page_breaks.append(PageBreak(page, length))
        cursor = marker.end()
    pieces.append(received[cursor:])
    text = "".join(pieces)

    blocks: list[Span] = []
    start = 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        blocks.append(Span(start, brk.start()))
        start = brk.end()
    blocks.append(Span(start, len(text.rstrip())))
    blocks = [block for block in blocks if block.end > block.start]
    if len(blocks) <= heading_line_count:
        raise ValueError("the text has no body after its heading")
    heading = tuple(blocks[:heading_line_count])
    paragraphs = tuple(
        Paragraph(number, block.start, block.end)
        for number, block in enumerate(blocks[heading_line_count:], start=1)
    )
    return ParsedText(text, tuple(page_breaks), heading, paragraphs)
