"""Mistakes in a document's editorial apparatus (documents.yaml) that the loader must refuse,
each with its location: an unknown relation, a related document without its URL or source, an
unknown party at the meeting, a date or an identification without a source, words not in the
text, and a position that is not the document's."""

from tests.loader.mistakes import Case

DOCUMENTS = "documents.yaml"
SUBJECT = "document frus1945v07-d644"
RELATIONS = "'reply-to', 'follows', 'precedes', 'companion' or 'outcome'"
D648 = "    - id: frus1945v07-d648\n"  # the related document most cases change

APPARATUS_CASES = [
    Case(
        "related-document-unknown-relation",
        DOCUMENTS,
        "      relation: reply-to\n",
        "      relation: answers\n",
        SUBJECT,
        f"related_documents.3.relation: Input should be {RELATIONS}",
    ),
    Case(
        "related-document-without-url",
        DOCUMENTS,
        "      url: https://history.state.gov/historicaldocuments/frus1945v07/d648\n",
        "",
        SUBJECT,
        "related_documents.3.url: Field required",
        points_at=(DOCUMENTS, D648),
    ),
    Case(
        "related-document-url-not-a-url",
        DOCUMENTS,
        "      url: https://history.state.gov/historicaldocuments/frus1945v07/d648\n",
        "      url: frus1945v07/d648\n",
        SUBJECT,
        "related_documents.3.url: String should match pattern '^https?://\\S+$'",
    ),
    Case(
        "related-document-without-source",
        DOCUMENTS,
        "      source: frus-doc-648\n",
        "",
        SUBJECT,
        "related_documents.3.source: Field required",
        points_at=(DOCUMENTS, D648),
    ),
    Case(
        "related-document-unknown-source",
        DOCUMENTS,
        "      source: frus-doc-648\n",
        "      source: frus-doc-649\n",
        SUBJECT,
        "unknown editorial source 'frus-doc-649'",
    ),
    Case(
        "related-document-date-without-source",
        DOCUMENTS,
        "      date_source: frus-doc-651\n",
        "",
        SUBJECT,
        "editorial fact without a source",
        points_at=(DOCUMENTS, "      date: 1945-07-06\n"),
    ),
    Case(
        "date-evidence-unknown-source",
        DOCUMENTS,
        "    - source: wilson-paraphrase-1945-07-03\n",
        "    - source: wilson-paraphrase-1945-07-04\n",
        SUBJECT,
        "unknown editorial source 'wilson-paraphrase-1945-07-04'",
    ),
    Case(
        "meeting-unknown-party",
        DOCUMENTS,
        "      - {party: molotov, source: frus-doc-643}\n",
        "      - {party: molotow, source: frus-doc-643}\n",
        SUBJECT,
        "unknown party 'molotow'",
    ),
    Case(
        "meeting-party-and-name",
        DOCUMENTS,
        "      - {party: molotov, source: frus-doc-643}\n",
        "      - {party: molotov, name: Molotov, source: frus-doc-643}\n",
        SUBJECT,
        "meeting.present.2: Value error, give either a party slug or a name, not both",
    ),
    Case(
        "unnamed-person-words-not-in-the-text",
        DOCUMENTS,
        "    - words: his son\n",
        "    - words: his daughter\n",
        SUBJECT,
        "'his daughter': quote not found in the document text",
    ),
    Case(
        "unnamed-person-identified-without-a-source",
        DOCUMENTS,
        "      identified_as: null\n",
        "      identified_as: Chiang Ching-kuo\n",
        SUBJECT,
        "editorial fact without a source",
    ),
    Case(
        "unnamed-person-position-not-the-documents",
        DOCUMENTS,
        "      position: d644-033\n",
        "      position: d644-099\n",
        SUBJECT,
        "'d644-099' is not a position of this document",
    ),
]
