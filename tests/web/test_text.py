"""The annotated text: nested quotes nest, crossing quotes are split into continuations of one
highlight, and page marks fall where the text breaks, on made-up spans (the seed's quotes
neither nest nor cross)."""

import re

from markupsafe import Markup

from app.web.text import Markers, Span, blocks


def markers() -> Markers:
    return Markers(
        open=lambda span, first: Markup(f"<{span.key}{'' if first else ' cont'}>"),
        close=lambda span: Markup(f"</{span.key}>"),
        page=lambda page: Markup(f"[{page}]"),
    )


def render(text, spans, page_breaks=(), paragraphs=()):
    return [
        str(block.html)
        for block in blocks(
            text,
            paragraphs=list(paragraphs),
            spans=spans,
            page_breaks=list(page_breaks),
            markers=markers(),
        )
    ]


def test_a_quote_inside_another_is_an_element_inside_it():
    assert render("abcdefghij", [Span(0, 10, "a"), Span(3, 6, "b")]) == ["<a>abc<b>def</b>ghij</a>"]


def test_the_outer_of_two_quotes_starting_together_is_the_longer():
    assert render("abcdefghij", [Span(0, 4, "b"), Span(0, 10, "a")]) == ["<a><b>abcd</b>efghij</a>"]


def test_a_crossing_quote_is_closed_and_continued():
    assert render("abcdefghij", [Span(0, 6, "a"), Span(3, 10, "b")]) == [
        "<a>abc<b>def</b></a><b cont>ghij</b>"
    ]


def test_every_piece_of_a_quote_carries_its_key_and_only_the_first_is_marked_first():
    html = render("abcdefghijklmno", [Span(0, 6, "a"), Span(3, 12, "b"), Span(9, 15, "c")])[0]
    assert re.findall(r"<(\w)( cont)?>", html) == [
        ("a", ""),
        ("b", ""),
        ("b", " cont"),
        ("c", ""),
        ("c", " cont"),
    ]
    assert html.count("<") == 2 * 5  # every element opened is closed


def test_a_page_mark_falls_inside_the_quotes_that_go_on_across_it():
    assert render("abcdefghij", [Span(0, 10, "a"), Span(5, 8, "b")], page_breaks=[(913, 5)]) == [
        "<a>abcde[913]<b>fgh</b>ij</a>"
    ]


def test_no_element_crosses_a_paragraph_and_paragraphs_keep_their_numbers():
    found = blocks(
        "head\n\nabc def\n\nghi",
        paragraphs=[(1, 6, 13), (2, 15, 18)],
        spans=[Span(10, 17, "a")],
        page_breaks=[(912, 0)],
        markers=markers(),
    )
    assert [(b.paragraph, str(b.html)) for b in found] == [
        (None, "[912]head"),
        (1, "abc <a>def</a>"),
        (2, "<a cont>gh</a>i"),
    ]


def test_the_text_is_escaped():
    assert render("<b>&", [Span(0, 1, "a")]) == ["<a>&lt;</a>b&gt;&amp;"]
