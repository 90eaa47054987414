"""Public (response) models: what the API promises. From the first release (2026.12.0) on,
keys are only ever added.

Built from table rows by `app/api/present.py`, which adds the absolute URLs. One module per
concern: `refs` (the base class and the links, spans and aliases the others share),
`positions`, `parties`, `issues` (with scales and the comparison), `documents` (with the
editorial apparatus) and `service`. Import from `app.schemas`: every public model is here.
"""

from app.schemas.documents import (
    ContextSentencePublic,
    DocumentPublic,
    DocumentSummary,
    Meeting,
    PageBreak,
    ParagraphSpan,
    PresentAtMeeting,
    RelatedDocument,
    SourceEvidence,
    UnnamedPerson,
)
from app.schemas.issues import (
    Comparison,
    ComparisonPoint,
    ComparisonRow,
    IssueDetail,
    IssuePublic,
    IssueScalePublic,
    OutcomePoint,
    PartyPositions,
    ReferencePoint,
    ScaleStep,
)
from app.schemas.parties import PartyPublic
from app.schemas.positions import (
    AttributionLink,
    Certainty,
    FacetValue,
    PositionFacets,
    PositionPublic,
    PositionView,
    SalienceSignal,
    ScalePoint,
    Sentence,
)
from app.schemas.refs import AliasPublic, IssueRef, PartyRef, Public, TextSpan
from app.schemas.service import Counts, Health, ProblemKind, ServiceIndex

__all__ = [
    "AliasPublic",
    "AttributionLink",
    "Certainty",
    "Comparison",
    "ComparisonPoint",
    "ComparisonRow",
    "ContextSentencePublic",
    "Counts",
    "DocumentPublic",
    "DocumentSummary",
    "FacetValue",
    "Health",
    "IssueDetail",
    "IssuePublic",
    "IssueRef",
    "IssueScalePublic",
    "Meeting",
    "OutcomePoint",
    "PageBreak",
    "ParagraphSpan",
    "PartyPositions",
    "PartyPublic",
    "PartyRef",
    "PositionFacets",
    "PositionPublic",
    "PositionView",
    "PresentAtMeeting",
    "ProblemKind",
    "Public",
    "ReferencePoint",
    "RelatedDocument",
    "SalienceSignal",
    "ScalePoint",
    "ScaleStep",
    "Sentence",
    "ServiceIndex",
    "SourceEvidence",
    "TextSpan",
    "UnnamedPerson",
]
