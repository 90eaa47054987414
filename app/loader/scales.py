"""Issue scales: the points of each bargaining issue, the reference point and the outcome on
them, and each position's point and salience with the words of the text that place them."""

from app.loader.checker import Checker, NodePath
from app.loader.files import YamlFile
from app.loader.records import IssueRecord, PositionRecord
from app.loader.text import ParsedText, Span
from app.vocabulary import IssueStatus

# Fewer than two points is no scale: nothing to bargain between.
MIN_SCALE_POINTS = 2


def check_issue(
    checker: Checker,
    file: YamlFile,
    index: int,
    record: IssueRecord,
    sources: dict[str, str],
    *,
    is_parent: bool,
) -> None:
    """Errors for an issue's status as written, its scale, reference point and outcome point."""
    _check_status(checker, file, index, record, is_parent=is_parent)
    _check_scale(checker, file, index, record)
    _check_reference_and_outcome(checker, file, index, record, sources)


def _check_status(
    checker: Checker, file: YamlFile, index: int, record: IssueRecord, *, is_parent: bool
) -> None:
    subject = f"issue {record.slug}"
    if is_parent and record.status is not None:
        checker.fail(
            file,
            (index, "status"),
            subject,
            "a parent issue's status is computed from its sub-issues; do not write it",
        )
    elif not is_parent and record.status is None:
        checker.fail(file, (index, "slug"), subject, "a leaf issue needs a status")
    elif not is_parent and record.status == IssueStatus.PARTLY_AGREED:
        checker.fail(
            file, (index, "status"), subject, "partly-agreed is computed for parent issues only"
        )


def _check_scale(checker: Checker, file: YamlFile, index: int, record: IssueRecord) -> None:
    subject = f"issue {record.slug}"
    for step_index, step in enumerate(record.scale or []):
        if step.point != step_index:
            checker.fail(
                file,
                (index, "scale", step_index),
                subject,
                f"scale points must run 0, 1, 2, … in order; expected {step_index}",
            )
    if record.scale is not None and len(record.scale) < MIN_SCALE_POINTS:
        checker.fail(file, (index, "scale"), subject, "a scale needs at least two points")


def _check_reference_and_outcome(
    checker: Checker, file: YamlFile, index: int, record: IssueRecord, sources: dict[str, str]
) -> None:
    subject = f"issue {record.slug}"
    reference = record.reference_point
    if reference is not None:
        path = (index, "reference_point")
        checker.check_source(file, path, subject, reference.source, sources, needed=True)
        if reference.point is not None:
            check_on_scale(
                checker,
                file,
                (*path, "point"),
                subject=subject,
                point=reference.point,
                issue=record,
            )
    if record.outcome_point is not None:
        path = (index, "outcome_point")
        if record.outcome_source is None and record.outcome is None:  # else refused with it
            checker.fail(file, path, subject, "outcome without a source")
        check_on_scale(
            checker, file, path, subject=subject, point=record.outcome_point, issue=record
        )


def check_on_scale(
    checker: Checker,
    file: YamlFile,
    path: NodePath,
    *,
    subject: str,
    point: int,
    issue: IssueRecord,
) -> None:
    if not issue.scale:
        checker.fail(file, path, subject, f"issue {issue.slug} has no scale")
    elif not 0 <= point < len(issue.scale):
        checker.fail(
            file,
            path,
            subject,
            f"point {point} is not on the scale of issue {issue.slug} (0 to {len(issue.scale) - 1})",
        )


def sentence_span(parsed: ParsedText, span: Span) -> Span:
    """The span of the sentence(s) a quote lies in: where a point's words must be found, and
    what a reader checks the quote against."""
    overlapping = [s for s in parsed.sentences() if s.start < span.end and span.start < s.end]
    if not overlapping:
        return span
    return Span(overlapping[0].start, overlapping[-1].end)


def check_position(
    checker: Checker,
    file: YamlFile,
    path: NodePath,
    record: PositionRecord,
    *,
    sentence: str,
    issues: dict[str, IssueRecord],
) -> None:
    """Errors for a position's scale point and salience: each needs its words, verbatim in
    the quote's sentence, and a point must lie on its issue's scale."""
    subject = f"position {record.id}"
    for value, words, value_key, words_key, what in (
        (record.scale_point, record.scale_words, "scale_point", "scale_words", "scale point"),
        (record.salience, record.salience_words, "salience", "salience_words", "salience"),
    ):
        if value is not None and words is None:
            checker.fail(file, (*path, value_key), subject, f"{what} without its words")
        elif value is None and words is not None:
            checker.fail(file, (*path, words_key), subject, f"{words_key} without a {what}")
        elif words is not None and words not in sentence:
            checker.fail(
                file,
                (*path, words_key),
                subject,
                f"{words_key} {words!r} are not in the quote's sentence",
            )
    issue = issues.get(record.issue)
    if record.scale_point is not None and issue is not None:
        check_on_scale(
            checker,
            file,
            (*path, "scale_point"),
            subject=subject,
            point=record.scale_point,
            issue=issue,
        )
