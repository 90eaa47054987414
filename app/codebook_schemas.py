"""The codebook's response models (GET /codebook); app/api/codebook.py fills them."""

from pydantic import BaseModel, Field

from app.fields import FieldEntry
from app.schemas import IssueRef


class CodebookExample(BaseModel):
    """Where the data uses a value, and the words that show it."""

    resource: str = Field(description="`position`, `issue`, `party` or `document`.")
    id: str = Field(description="The position's id, or the slug of the issue, party or document.")
    url: str = Field(description="Absolute URL of that resource.")
    field: str = Field(
        description="The field of the resource the words are read from.", examples=["quote"]
    )
    words: str | None = Field(description="The words (verbatim where the field is).")


class CodebookTerm(BaseModel):
    value: str = Field(description="The value, as the API and the seed write it.")
    definition: str = Field(description="What it means.")
    example: CodebookExample | None = Field(
        description="The first use in the data, by the vocabulary's `example_rule`; null where "
        "the data has none (then `example_note` says so)."
    )
    example_note: str | None = Field(description="Why there is no example; null if there is.")


class CodebookVocabulary(BaseModel):
    name: str = Field(description="The vocabulary's name.", examples=["stance"])
    title: str = Field(description="Its name as a heading.", examples=["Stance"])
    description: str = Field(description="What it classifies.")
    used_in: list[str] = Field(
        description="The fields that take its values, as `resource.field` (see `resources`)."
    )
    example_rule: str = Field(description="How each value's example is chosen from the data.")
    terms: list[CodebookTerm] = Field(description="Its values, in order.")


class CodebookScalePoint(BaseModel):
    point: int = Field(description="0 = the Soviet-side demand; the highest, the Chinese-side one.")
    label: str = Field(description="Editorial: what the point stands for.")
    example: CodebookExample | None = Field(
        description="The first position in document order at this point, with the words "
        "that place it there; null where no position is (then `example_note` says so)."
    )
    example_note: str | None = Field(description="Why there is no example; null if there is.")


class CodebookScale(BaseModel):
    issue: IssueRef = Field(description="The bargaining issue the scale belongs to.")
    note: str | None = Field(description="Editorial: what the ordering rests on.")
    points: list[CodebookScalePoint] = Field(description="Its labelled points, in order.")


class CodebookResource(BaseModel):
    name: str = Field(description="The resource's name.", examples=["position"])
    path: str = Field(description="Where one is served.", examples=["/positions/{position_id}"])
    description: str = Field(description="What it is.")
    fields: list[FieldEntry] = Field(description="Every field, nested objects' after their own.")


class Codebook(BaseModel):
    """Every controlled vocabulary, each issue's scale and every field of every resource, with
    their definitions: the one document to read the data by."""

    dataset_version: str = Field(description="SHA-256 over the source and annotation files.")
    vocabularies: list[CodebookVocabulary] = Field(
        description="Stance, evidence, mode, salience, issue status, attribution basis, "
        "relation, source status, alias kind, party kind and role basis."
    )
    scales: list[CodebookScale] = Field(
        description="Each bargaining issue's ordinal scale, read from the data, in issue order."
    )
    resources: list[CodebookResource] = Field(description="The fields of each resource.")
