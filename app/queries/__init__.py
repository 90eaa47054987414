"""Read functions: keyword-only, typed, always ordered (document order first, id last).

One module per concern: `dataset_info` (the loaded dataset's versions, row and counts),
`entities` (parties, issues and documents by slug, and their lists) and `position_rows` (the
position filter and every read of positions). Callers use `queries.<function>` or import from
`app.queries`: every public name is here.
"""

from app.queries.dataset_info import (
    counts,
    dataset,
    dataset_version,
    dataset_versions,
    source_documents,
)
from app.queries.entities import (
    context_sentences,
    document_by_slug,
    documents,
    issue_by_slug,
    issues,
    parties,
    parties_on_issues,
    party_by_slug,
)
from app.queries.position_rows import (
    POSITION_COLUMNS,
    RESPONDS_TO,
    SORT_KEYS,
    PositionFilter,
    PositionRow,
    SortKey,
    comparison_positions,
    missing_position_ids,
    position_by_id,
    position_ids,
    positions,
    positions_count_statement,
    positions_statement,
    positions_total,
    search_words,
)

__all__ = [
    "POSITION_COLUMNS",
    "RESPONDS_TO",
    "SORT_KEYS",
    "PositionFilter",
    "PositionRow",
    "SortKey",
    "comparison_positions",
    "context_sentences",
    "counts",
    "dataset",
    "dataset_version",
    "dataset_versions",
    "document_by_slug",
    "documents",
    "issue_by_slug",
    "issues",
    "missing_position_ids",
    "parties",
    "parties_on_issues",
    "party_by_slug",
    "position_by_id",
    "position_ids",
    "positions",
    "positions_count_statement",
    "positions_statement",
    "positions_total",
    "search_words",
    "source_documents",
]
