"""An issue, its ordinal scale (with the reference point and the outcome on it), and the
comparison of its positions party by party."""

from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.positions import PositionPublic
from app.schemas.refs import AliasPublic, IssueRef, PartyRef, Public
from app.vocabulary import IssueStatus, Salience, vocabulary_field


class ScaleStep(Public):
    """One point of an issue's ordinal scale."""

    point: int = Field(description="0 = the Soviet-side demand; the highest, the Chinese-side one.")
    label: str = Field(description="Editorial: what the point stands for.")


class ReferencePoint(Public):
    """Editorial: the clause of the Yalta Agreement (11 February 1945) the issue turns on."""

    point: int | None = Field(
        description="Its point on the scale; null where the clause is the wording the parties "
        "interpret."
    )
    label: str | None = Field(description="The label of that point.")
    quote: str = Field(description="The clause's words, briefly.")
    source: str = Field(description="Where the clause was read, and how far it was checked.")
    note: str | None = Field(description="Editorial remark.")
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class OutcomePoint(Public):
    """Editorial: what the agreements of 14 August 1945 settled, as a point on the scale."""

    point: int = Field(description="The outcome's point on the issue's scale.")
    label: str = Field(description="The label of that point.")
    source: str = Field(
        description="The source the outcome was read in (as `editorial_outcome_source`)."
    )
    basis: Literal["editorial"] = Field("editorial", description="Always `editorial`.")


class IssueScalePublic(Public):
    """A bargaining issue's ordinal scale, and the reference point and outcome on it."""

    points: list[ScaleStep] = Field(
        description="From the Soviet-side demand (0) to the Chinese-side one."
    )
    note: str | None = Field(description="Editorial: what the ordering rests on.")
    reference_point: ReferencePoint | None = Field(
        description="The Yalta clause the issue turns on, where one does."
    )
    outcome_point: OutcomePoint | None = Field(
        description="The outcome of 14 August 1945 on the scale, where a source gives it."
    )


class IssuePublic(Public):
    """What was negotiated; issues nest, and an issue's positions include its sub-issues'."""

    slug: str = Field(
        description="The issue's slug (fixed: safe to hard-code).", examples=["port-arthur"]
    )
    name: str = Field(
        description="Editorial: a short name for the issue.", examples=["Port Arthur"]
    )
    parent: str | None = Field(description="Slug of the parent issue, or null.", examples=[None])
    children: list[str] = Field(
        description="Slugs of the sub-issues.",
        examples=[["port-arthur-lease", "port-arthur-naval-facilities"]],
    )
    description: str = Field(
        description="Editorial: what the issue covers.",
        examples=["Port Arthur: whether it is to be leased, and whose naval base it is to be."],
    )
    status: IssueStatus = vocabulary_field(
        IssueStatus, "Editorial: where the issue stood in this document:"
    )
    status_note: str = Field(
        description="Editorial: why, quoting the text where it can.",
        examples=['Stalin agreed to eliminate the word "lease" …'],
    )
    editorial_outcome: str | None = Field(
        description="Editorial: what the agreements of 14 August 1945 settled.",
        examples=["A naval base for the joint use of China and the USSR …"],
    )
    editorial_outcome_source: str | None = Field(
        description="Where the outcome was read, and how far it was checked."
    )
    aliases: list[AliasPublic] = Field(description="Other names; each redirects here.")
    url: str = Field(
        description="Absolute URL of the issue.",
        examples=["http://127.0.0.1:8000/issues/port-arthur"],
    )
    positions_url: str = Field(
        description="The positions on the issue and its sub-issues.",
        examples=["http://127.0.0.1:8000/issues/port-arthur/positions"],
    )
    scale: IssueScalePublic | None = Field(
        default=None,
        description="Editorial: the issue's ordinal scale, its reference point and its outcome; "
        "null for an issue that is no bargaining dimension in the text (and for parents).",
    )


class IssueDetail(IssuePublic):
    """An issue with its sub-issues and the parties that hold positions on it."""

    sub_issues: list[IssueRef] = Field(description="The sub-issues, as links.")
    parties: list[PartyRef] = Field(
        description="Parties holding positions on the issue or its sub-issues, in order of appearance."
    )
    comparison_url: str = Field(
        description="The issue's positions side by side, party by party.",
        examples=["http://127.0.0.1:8000/issues/port-arthur/comparison"],
    )


def _absent_if_none(value: object) -> bool:
    return value is None


class PartyPositions(BaseModel):
    """One party's positions on an issue."""

    party: PartyRef = Field(description="The party.")
    positions: list[PositionPublic] = Field(
        description="The party's first positions on the issue, in document order (capped)."
    )
    total: int | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Only when `positions` is capped: how many positions the party holds "
        "on the issue and its sub-issues.",
    )
    positions_url: str | None = Field(
        default=None,
        exclude_if=_absent_if_none,
        description="Only when `positions` is capped: the paged list of them all.",
    )


class ComparisonPoint(BaseModel):
    """A position's point on its issue's scale."""

    position: str = Field(description="Id of the position.")
    point: int | None = Field(description="Its point on the scale, or null.")
    salience: Salience | None = vocabulary_field(Salience, "Editorial: its salience, or null:")


class ComparisonRow(BaseModel):
    """One sub-issue of the grid: which positions each party holds on it."""

    issue: IssueRef = Field(description="The sub-issue.")
    positions: dict[str, list[str]] = Field(
        description="Party slug → ids of its positions (those shown under `parties`)."
    )
    scale: IssueScalePublic | None = Field(
        default=None,
        description="The sub-issue's scale, reference point and outcome, or null if it has none.",
    )
    points: dict[str, list[ComparisonPoint]] | None = Field(
        default=None,
        description="Only with a scale: party slug → the points of its positions, in the order "
        "of `positions`, as a DEU-style table of actors on one dimension.",
    )


class Comparison(BaseModel):
    """An issue's positions grouped by party, and a grid of sub-issue × party."""

    issue: IssueRef = Field(description="The issue compared.")
    parties: list[PartyPositions] = Field(
        description="Each party holding positions on it, in order of appearance."
    )
    grid: list[ComparisonRow] = Field(description="Sub-issue × party: one row per sub-issue.")
