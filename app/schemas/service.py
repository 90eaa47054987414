"""The service itself: its index, health, counts and the kinds of problem it answers with."""

from pydantic import BaseModel, Field

from app.licensing import License


class Counts(BaseModel):
    """Rows per collection."""

    documents: int = Field(description="Source documents.", examples=[1])
    parties: int = Field(description="Parties.", examples=[14])
    issues: int = Field(description="Issues, sub-issues included.", examples=[27])
    positions: int = Field(description="Positions.", examples=[40])


class Health(BaseModel):
    """Whether the service can answer: the database is reachable and holds a dataset."""

    status: str = Field(
        description="`ok` when the database is reachable and a dataset is loaded.", examples=["ok"]
    )
    dataset_version: str = Field(
        description="SHA-256 over the source and annotation files.",
        examples=["ea70ed1b5a485620d33c4fabb7365a21b5b67f9285c81f7d653b391af268b063"],
    )
    counts: Counts = Field(description="Rows per collection in the loaded dataset.")


class ProblemKind(BaseModel):
    """A kind of problem the API answers with, as its `type` URI explains it."""

    type: str = Field(
        description="The `type` URI that problem documents of this kind carry.",
        examples=["/problems/unknown-parameter"],
    )
    status: int = Field(
        description="The HTTP status this kind of problem is answered with.", examples=[400]
    )
    title: str = Field(
        description="The `title` its problem documents carry.", examples=["Unknown query parameter"]
    )
    description: str = Field(
        description="What it means.",
        examples=["The endpoint does not accept a query parameter; `errors` names it."],
    )


class ServiceIndex(BaseModel):
    """The service: name, versions, counts, and where everything is."""

    name: str = Field(description="The service's name.", examples=["Parley"])
    version: str = Field(description="The software's version.", examples=["0.1.0"])
    dataset_version: str | None = Field(
        description="SHA-256 over the source and annotation files.",
        examples=["ea70ed1b5a485620d33c4fabb7365a21b5b67f9285c81f7d653b391af268b063"],
    )
    counts: Counts = Field(description="Rows per collection in the loaded dataset.")
    links: dict[str, str] = Field(description="Absolute URLs of every collection and the docs.")
    licenses: list[License] = Field(
        description="What may be done with the code, the annotations and the source text."
    )
