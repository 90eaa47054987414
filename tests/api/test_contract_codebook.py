"""/codebook: definitions from app/vocabulary.py, examples read by hand from
seed/positions/frus1945v07-d644.yaml and seed/issues.yaml, fields from app/schemas/."""

import pytest
from sqlalchemy import Engine, event

from app.schemas import PositionPublic
from app.vocabulary import VOCABULARIES
from tests.api.contract import get_json
from tests.api.expected import BASE


@pytest.fixture(scope="module")
def codebook(client) -> dict:
    return get_json(client, "/codebook")


def vocabulary(codebook: dict, name: str) -> dict:
    (found,) = [v for v in codebook["vocabularies"] if v["name"] == name]
    return found


def term(codebook: dict, name: str, value: str) -> dict:
    (found,) = [t for t in vocabulary(codebook, name)["terms"] if t["value"] == value]
    return found


def test_the_index_links_the_codebook(client):
    assert get_json(client, "/")["links"]["codebook"] == f"{BASE}/codebook"


def test_the_first_concession_by_hand(codebook):
    assert term(codebook, "stance", "concede") == {
        "value": "concede",
        "definition": "gives up a term or wording",
        "example": {
            "resource": "position",
            "id": "d644-018",
            "url": f"{BASE}/positions/d644-018",
            "field": "quote",
            "words": "Stalin agreed to eliminate the word “lease”",
        },
        "example_note": None,
    }


def test_a_stance_the_data_does_not_use_says_so(codebook):
    assert term(codebook, "stance", "insist") == {
        "value": "insist",
        "definition": "holds that a term must stand",
        "example": None,
        "example_note": "No position in the dataset has this stance.",
    }


def test_mode_and_salience_examples_are_the_words_that_show_them(codebook):
    assert term(codebook, "mode", "wanted")["example"] == {
        "resource": "position",
        "id": "d644-023",
        "url": f"{BASE}/positions/d644-023",
        "field": "certainty.mode_words",
        "words": "is anxious to know",
    }
    assert term(codebook, "mode", "feared")["example"]["words"] == "is fearful"
    assert term(codebook, "salience", "high")["example"] == {
        "resource": "position",
        "id": "d644-023",
        "url": f"{BASE}/positions/d644-023",
        "field": "salience.words",
        "words": "anxious to know urgently",
    }
    assert term(codebook, "salience", "low")["example"] is None


def test_an_issue_status_by_hand(codebook):
    assert term(codebook, "issue-status", "not-discussed")["example"] == {
        "resource": "issue",
        "id": "sinkiang",
        "url": f"{BASE}/issues/sinkiang",
        "field": "status_note",
        "words": '"There was no discussion of the problems in Sinkiang"; Soong told Harriman '
        "of the Generalissimo's thinking on its governor.",
    }
    stance = vocabulary(codebook, "stance")
    assert stance["title"] == "Stance"
    assert stance["used_in"] == ["position.stance"]
    assert stance["example_rule"] == (
        "The first position in document order with this stance; its quote."
    )


def test_party_kind_and_attribution_basis_by_hand(codebook):
    assert term(codebook, "party-kind", "office")["example"] == {
        "resource": "party",
        "id": "secretary-of-state",
        "url": f"{BASE}/parties/secretary-of-state",
        "field": "name_in_text",
        "words": "the Secretary of State",
    }
    context = term(codebook, "attribution-basis", "context")
    assert context["definition"] == (
        "inferred from the telegram as a whole: Soong as Harriman's informant on the talks"
    )
    assert context["example"]["id"] == "d644-001"  # the file's default attribution


def test_a_scale_by_hand(codebook):
    (scale,) = [s for s in codebook["scales"] if s["issue"]["slug"] == "railroad-ownership"]
    position = f"{BASE}/positions"
    assert scale == {
        "issue": {
            "slug": "railroad-ownership",
            "name": "Ownership of the railroads",
            "url": f"{BASE}/issues/railroad-ownership",
        },
        "note": None,
        "points": [
            {
                "point": 0,
                "label": "Russian ownership",
                "example": {
                    "resource": "position", "id": "d644-001", "url": f"{position}/d644-001",
                    "field": "scale_point.words",
                    "words": "the ownership of the railroads should be Russian",
                },
                "example_note": None,
            },
            {
                "point": 1,
                "label": "common Soviet and Chinese ownership",
                "example": None,
                "example_note": "No position in the dataset is placed at this point.",
            },
            {
                "point": 2,
                "label": "Chinese ownership",
                "example": {
                    "resource": "position", "id": "d644-004", "url": f"{position}/d644-004",
                    "field": "scale_point.words",
                    "words": "the ownership of the railroads should be Chinese",
                },
                "example_note": None,
            },
        ],
    }  # fmt: skip
    assert len(codebook["scales"]) == 10


def test_every_vocabulary_and_value_is_defined(codebook):
    assert [v["name"] for v in codebook["vocabularies"]] == [
        "stance", "evidence", "mode", "salience", "issue-status", "attribution-basis",
        "relation", "source-status", "alias-kind", "party-kind", "role-basis",
    ]  # fmt: skip
    for listed, served in zip(VOCABULARIES, codebook["vocabularies"], strict=True):
        assert [t["value"] for t in served["terms"]] == [t.value for t in listed.vocabulary]
        assert (served["description"], served["example_rule"]) != ("", "")
        assert served["used_in"], listed.name
        for served_term in served["terms"]:
            assert served_term["definition"].strip(), (listed.name, served_term["value"])
            assert (served_term["example"] is None) != (served_term["example_note"] is None)


def test_every_position_field_is_listed_with_a_description(codebook):
    (position,) = [r for r in codebook["resources"] if r["name"] == "position"]
    fields = {f["name"]: f for f in position["fields"]}
    assert set(PositionPublic.model_fields) <= set(fields)
    assert {"certainty.evidence", "attribution[].basis", "span.start", "party.slug"} <= set(fields)
    assert [name for name, f in fields.items() if not f["description"].strip()] == []
    assert fields["certainty.mode_words"] == {
        "name": "certainty.mode_words",
        "type": "string",
        "format": None,
        "items": None,
        "nullable": True,
        "description": "The verbatim words of the sentence that give a mode other than "
        "`asserted`; null for `asserted`.",
        "vocabulary": None,
        "resource": None,
    }
    assert fields["stance"]["vocabulary"] == "stance"
    assert (fields["pages"]["type"], fields["pages"]["items"]) == ("array", "integer")


def test_every_resource_field_has_a_description(codebook):
    assert [r["name"] for r in codebook["resources"]] == [
        "document", "party", "issue", "position", "context-sentence", "comparison",
    ]  # fmt: skip
    for resource in codebook["resources"]:
        assert resource["description"], resource["name"]
        missing = [f["name"] for f in resource["fields"] if not f["description"].strip()]
        assert missing == [], resource["name"]
    (comparison,) = [r for r in codebook["resources"] if r["name"] == "comparison"]
    nested = {f["name"]: f for f in comparison["fields"]}
    assert nested["parties[].positions"]["resource"] == "position"
    assert not any(name.startswith("parties[].positions[].") for name in nested)


def test_the_codebook_costs_a_fixed_number_of_statements(plain_client, read_engine: Engine):
    executed: list[str] = []

    def count(_conn, _cursor, statement, *_rest: object) -> None:
        executed.append(statement)

    event.listen(read_engine, "before_cursor_execute", count)
    try:
        assert plain_client.get("/codebook").status_code == 200
    finally:
        event.remove(read_engine, "before_cursor_execute", count)
    # the version, issues, parties; one for each of stance, evidence, mode, salience, the
    # attribution bases, relation, source status and alias kind; and one for the scales
    assert len(executed) == 12
