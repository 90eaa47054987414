"""A position's certainty in two parts (seed/README.md): its evidence, which must agree with
its reporting chain, and its mode, which must name the words that give it, one mode for each
wording wherever it occurs."""

from dataclasses import dataclass, field

from app.loader.checker import Checker, NodePath
from app.loader.files import YamlFile
from app.loader.records import AttributionLinkRecord, PositionRecord
from app.vocabulary import AttributionBasis, Evidence, Mode


@dataclass
class ModeWordings:
    """Every mode wording met so far in the seed (case-folded) → its mode and the position
    that first used it: "is fearful" is `feared` in every position, or the seed is refused."""

    first_use: dict[str, tuple[Mode, str]] = field(default_factory=dict)

    def check(self, words: str, mode: Mode, position_id: str) -> str | None:
        """An error if these words were coded with another mode before; else None."""
        key = " ".join(words.casefold().split())
        earlier = self.first_use.setdefault(key, (mode, position_id))
        if earlier[0] is mode:
            return None
        return (
            f"mode_words {words!r} are coded {earlier[0].value!r} in position {earlier[1]}: "
            "one wording has one mode wherever it occurs"
        )


def check_certainty(
    checker: Checker,
    file: YamlFile,
    path: NodePath,
    record: PositionRecord,
    *,
    sentence: str,
    chain: list[AttributionLinkRecord],
    wordings: ModeWordings,
) -> None:
    """Errors for evidence that contradicts the reporting chain, an inference left
    unexplained, and a mode without its words (or words without a mode)."""
    subject = f"position {record.id}"

    def fail(key: str, message: str) -> None:
        checker.fail(file, (*path, key), subject, message)

    # An intermediary named in the sentence ("Soong told me that") is a link the text states
    # whose party is not the position's own.
    named_intermediary = any(
        link.basis is AttributionBasis.STATED and link.party != record.party for link in chain
    )
    if record.evidence is Evidence.REPORTED and not named_intermediary:
        fail("evidence", "evidence 'reported' needs an attribution link with basis 'stated'")
    if record.evidence is not Evidence.REPORTED and named_intermediary:
        fail(
            "evidence",
            f"evidence {record.evidence.value!r}, but the attribution chain states an "
            "intermediary: the evidence is 'reported'",
        )
    if record.evidence is Evidence.INFERRED and record.note is None:
        fail("evidence", "evidence 'inferred' needs a note saying how the party is read")

    if record.mode is Mode.ASSERTED:
        if record.mode_words is not None:
            fail("mode_words", "mode_words without a mode other than 'asserted'")
        return
    if record.mode_words is None:
        fail("mode", f"mode {record.mode.value!r} without its mode_words")
    elif record.mode_words not in sentence:
        fail("mode_words", f"mode_words {record.mode_words!r} are not in the quote's sentence")
    else:
        error = wordings.check(record.mode_words, record.mode, record.id)
        if error is not None:
            fail("mode_words", error)
