"""The W3C Web Annotation Protocol (https://www.w3.org/TR/annotation-protocol/), one test per
MUST that applies to a server that only reads (§4 Annotation Retrieval, §5 Annotation
Containers: retrieval, representations, preferences and pages), named after the requirement;
the MUSTs about creating, updating and deleting have nothing to test here. Then what the
protocol leaves to us: the annotations found by `uri=`, and each annotation at its IRI.

The requirements are those of the W3C's published test list for servers
(web-platform-tests, annotation-protocol/server), read against the Recommendation."""

import pytest

from tests.api.contract import get_json
from tests.api.expected import BASE, DOCUMENT, load_yaml

MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CONTAINER_PATH = f"/documents/{DOCUMENT}/annotations/"
CONTAINER = f"{BASE}{CONTAINER_PATH}"
ANNOTATION_PATH = "/annotations/d644-001"
ANNOTATION = f"{BASE}{ANNOTATION_PATH}"
LDP = "http://www.w3.org/ns/ldp#"
OA = "http://www.w3.org/ns/oa#"
RESOURCE_TYPE = f'<{LDP}Resource>; rel="type"'
CONTAINER_TYPE = f'<{LDP}BasicContainer>; rel="type"'
CONSTRAINED_BY = f'<http://www.w3.org/TR/annotation-protocol/>; rel="{LDP}constrainedBy"'
HSG = "https://history.state.gov/historicaldocuments/frus1945v07/d644"


def prefer(*included: str) -> dict[str, str]:
    return {"Prefer": f'return=representation; include="{" ".join(included)}"'}


def links(response) -> list[str]:
    """The Link header's links, each as `<target>; params` (no target holds ", <")."""
    parts = response.headers["link"].split(", <")
    return [parts[0], *(f"<{part}" for part in parts[1:])]


def allowed(response) -> set[str]:
    return {method.strip() for method in response.headers["allow"].split(",")}


# -- §4 Annotation Retrieval -------------------------------------------------------------------


def test_annotations_must_support_get(client):
    response = client.get(ANNOTATION_PATH)
    assert response.status_code == 200
    assert response.json()["id"] == ANNOTATION
    assert "GET" in allowed(response)


def test_annotations_must_support_head(client):
    response = client.head(ANNOTATION_PATH)
    assert response.status_code == 200
    assert response.content == b""
    assert "HEAD" in allowed(response)


def test_annotations_must_support_options(client):
    response = client.options(ANNOTATION_PATH)
    assert response.status_code == 200
    assert response.content == b""
    assert "OPTIONS" in allowed(response)


def test_annotations_must_have_a_content_type_header_with_the_json_ld_media_type(client):
    response = client.get(ANNOTATION_PATH)
    assert response.headers["content-type"] == MEDIA_TYPE  # the profile too (a SHOULD)
    assert response.json()["@context"] == "http://www.w3.org/ns/anno.jsonld"


def test_annotations_must_have_a_link_header_of_type_ldp_resource(client):
    assert client.get(ANNOTATION_PATH).headers["link"] == RESOURCE_TYPE


def test_annotations_must_have_an_etag_header(client):
    response = client.get(ANNOTATION_PATH)
    etag = response.headers["etag"]
    assert etag.startswith('"')
    assert client.get(ANNOTATION_PATH, headers={"If-None-Match": etag}).status_code == 304


def test_annotations_must_have_an_allow_header_listing_their_methods(client):
    for method in ("GET", "HEAD", "OPTIONS"):
        response = client.request(method, ANNOTATION_PATH)
        assert allowed(response) == {"GET", "HEAD", "OPTIONS"}
    refused = client.put(ANNOTATION_PATH)
    assert refused.status_code == 405
    assert allowed(refused) == {"GET", "HEAD", "OPTIONS"}


def test_annotations_must_have_a_vary_header_with_accept(client):
    assert "Accept" in client.get(ANNOTATION_PATH).headers["vary"]


# -- §5 Annotation Containers -----------------------------------------------------------------


def test_a_server_must_provide_one_or_more_containers(client):
    document = get_json(client, f"/documents/{DOCUMENT}")
    assert document["annotations_url"] == CONTAINER
    assert client.get(CONTAINER_PATH).json()["type"] == ["BasicContainer", "AnnotationCollection"]


def test_container_iris_must_end_in_a_slash(client):
    assert CONTAINER.endswith("/")
    assert client.get(CONTAINER_PATH).json()["id"] == CONTAINER


def test_containers_must_support_get(client):
    response = client.get(CONTAINER_PATH)
    assert response.status_code == 200
    assert "GET" in allowed(response)


def test_containers_must_support_head(client):
    response = client.head(CONTAINER_PATH)
    assert response.status_code == 200
    assert response.content == b""
    assert "HEAD" in allowed(response)


def test_containers_must_support_options(client):
    response = client.options(CONTAINER_PATH)
    assert response.status_code == 200
    assert response.content == b""
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}


def test_containers_must_return_a_description_of_the_container_in_json_ld(client):
    response = client.get(CONTAINER_PATH, headers={"Accept": MEDIA_TYPE})
    assert response.headers["content-type"] == MEDIA_TYPE
    body = response.json()
    first = body.pop("first")
    (record,) = load_yaml("documents.yaml")
    assert body == {
        "@context": ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"],
        "id": CONTAINER,
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": record["title"],
        "total": 40,
        "last": f"{CONTAINER}?page=2",
    }
    assert first["id"] == f"{CONTAINER}?page=1"


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_containers_must_advertise_their_type_in_a_link_header(client, method):
    assert CONTAINER_TYPE in links(client.request(method, CONTAINER_PATH))


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_containers_must_advertise_the_protocols_constraints_in_a_link_header(client, method):
    assert CONSTRAINED_BY in links(client.request(method, CONTAINER_PATH))


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_all_responses_from_containers_must_include_an_etag(client, method):
    etag = client.get(CONTAINER_PATH).headers["etag"]
    assert client.request(method, CONTAINER_PATH).headers["etag"] == etag
    not_modified = client.get(CONTAINER_PATH, headers={"If-None-Match": etag})
    assert (not_modified.status_code, not_modified.headers["etag"]) == (304, etag)


def test_without_accept_containers_must_respond_with_json_ld(client):
    response = client.get(CONTAINER_PATH, headers={"Accept": ""})
    assert response.headers["content-type"] == MEDIA_TYPE
    assert response.json()["type"] == ["BasicContainer", "AnnotationCollection"]


def test_containers_must_have_a_vary_header_with_accept(client):
    vary = {v.strip() for v in client.get(CONTAINER_PATH).headers["vary"].split(",")}
    assert {"Accept", "Prefer"} <= vary  # Prefer too, since the answer depends on it


def test_a_container_with_annotations_must_link_or_embed_its_first_page(client):
    embedded = client.get(CONTAINER_PATH).json()["first"]
    assert embedded["type"] == "AnnotationPage"
    assert [item["id"] for item in embedded["items"]] == [
        f"{BASE}/annotations/d644-{n:03d}" for n in range(1, 21)
    ]
    assert "@context" not in embedded  # the container's applies
    minimal = client.get(CONTAINER_PATH, headers=prefer(f"{LDP}PreferMinimalContainer"))
    assert minimal.json()["first"] == f"{CONTAINER}?page=1"


def test_a_container_iri_that_differs_from_the_request_must_be_in_content_location(client):
    plain = client.get(CONTAINER_PATH)
    assert plain.headers["content-location"] == plain.json()["id"] == CONTAINER
    iris = client.get(CONTAINER_PATH, headers=prefer(f"{OA}PreferContainedIRIs"))
    assert iris.headers["content-location"] == iris.json()["id"] == f"{CONTAINER}?iris=1"


def test_prefer_contained_iris_must_embed_a_first_page_of_iris_only(client):
    response = client.get(CONTAINER_PATH, headers=prefer(f"{OA}PreferContainedIRIs"))
    assert response.headers["preference-applied"] == "return=representation"
    first = response.json()["first"]
    assert first["type"] == "AnnotationPage"
    assert first["items"] == [f"{BASE}/annotations/d644-{n:03d}" for n in range(1, 21)]
    assert first["next"] == f"{CONTAINER}?iris=1&page=2"  # the pages keep the preference
    page = client.get(f"{CONTAINER_PATH}?iris=1&page=2").json()
    assert page["items"] == [f"{BASE}/annotations/d644-{n:03d}" for n in range(21, 41)]


def test_prefer_contained_descriptions_must_embed_a_first_page_of_whole_annotations(client):
    response = client.get(CONTAINER_PATH, headers=prefer(f"{OA}PreferContainedDescriptions"))
    assert response.headers["preference-applied"] == "return=representation"
    first = response.json()["first"]
    assert first["type"] == "AnnotationPage"
    assert first["items"][0] == {
        key: value for key, value in get_json(client, ANNOTATION_PATH).items() if key != "@context"
    }
    assert len(first["items"]) == 20
    assert response.json() == client.get(CONTAINER_PATH).json()  # the default


def test_a_minimal_container_must_not_embed_its_first_page_nor_contain_annotations(client):
    response = client.get(
        CONTAINER_PATH, headers=prefer(f"{LDP}PreferMinimalContainer", f"{OA}PreferContainedIRIs")
    )
    body = response.json()
    assert body == {
        "@context": ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"],
        "id": f"{CONTAINER}?iris=1",
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": body["label"],
        "total": 40,
        "first": f"{CONTAINER}?iris=1&page=1",
        "last": f"{CONTAINER}?iris=1&page=2",
    }
    assert "ldp:contains" not in response.text
    assert "contains" not in body


def test_annotation_pages_must_link_to_their_container_with_part_of(client):
    for number in (1, 2):
        page = client.get(f"{CONTAINER_PATH}?page={number}").json()
        assert page["partOf"]["id"] == CONTAINER
        assert page["partOf"]["total"] == 40


def test_annotation_pages_after_the_first_must_link_to_the_previous_page(client):
    pages = [client.get(f"{CONTAINER_PATH}?per_page=15&page={n}").json() for n in (1, 2, 3)]
    assert [page["prev"] for page in pages] == [
        None,
        f"{CONTAINER}?per_page=15&page=1",
        f"{CONTAINER}?per_page=15&page=2",
    ]


def test_annotation_pages_before_the_last_must_link_to_the_next_page(client):
    pages = [client.get(f"{CONTAINER_PATH}?per_page=15&page={n}").json() for n in (1, 2, 3)]
    assert [page["next"] for page in pages] == [
        f"{CONTAINER}?per_page=15&page=2",
        f"{CONTAINER}?per_page=15&page=3",
        None,
    ]
    walked = [item["id"] for page in pages for item in page["items"]]
    assert walked == [f"{BASE}/annotations/d644-{n:03d}" for n in range(1, 41)]
    assert [page["startIndex"] for page in pages] == [0, 15, 30]


# -- what the protocol leaves to us -----------------------------------------------------------


def test_every_annotation_is_served_at_its_iri_as_in_its_container(client):
    items = client.get(f"{CONTAINER_PATH}?per_page=100&page=1").json()["items"]
    assert len(items) == 40
    for item in items:
        alone = client.get(item["id"].removeprefix(BASE)).json()
        assert alone == {"@context": "http://www.w3.org/ns/anno.jsonld", **item}
        assert client.get(item["via"].removeprefix(BASE)).json()["url"] == item["via"]


def test_an_unknown_annotation_is_a_404_with_suggestions(client):
    response = client.get("/annotations/d644-999")
    assert response.status_code == 404
    assert response.json()["suggestions"] == ["d644-039", "d644-029", "d644-019"]


def test_preferring_iris_and_descriptions_at_once_is_ignored(client):
    response = client.get(
        CONTAINER_PATH,
        headers=prefer(f"{OA}PreferContainedIRIs", f"{OA}PreferContainedDescriptions"),
    )
    assert "preference-applied" not in response.headers
    assert response.json() == client.get(CONTAINER_PATH).json()


def test_a_page_is_what_its_iri_says_whatever_is_preferred(client):
    asked = client.get(f"{CONTAINER_PATH}?page=2", headers=prefer(f"{OA}PreferContainedIRIs"))
    assert asked.json() == client.get(f"{CONTAINER_PATH}?page=2").json()
    assert "preference-applied" not in asked.headers


@pytest.mark.parametrize(
    "uri",
    [
        HSG,
        "http://history.state.gov/historicaldocuments/frus1945v07/d644",
        "https://www.history.state.gov/historicaldocuments/frus1945v07/d644/",
        "HTTPS://History.State.Gov/historicaldocuments/frus1945v07/d644#top",
        "history.state.gov/historicaldocuments/frus1945v07/d644",
        f"{BASE}/documents/{DOCUMENT}/text",
        f"{BASE}/documents/{DOCUMENT}/text/",
    ],
)
def test_annotations_are_found_by_their_target(client, uri):
    response = client.get("/annotations", params={"uri": uri, "iris": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TYPE
    body = response.json()
    assert (body["type"], body["total"], body["label"]) == (
        ["AnnotationCollection"],
        40,
        f"Annotations of {uri}",
    )
    assert body["first"]["items"] == [f"{BASE}/annotations/d644-{n:03d}" for n in range(1, 21)]
    assert body["id"] == response.headers["content-location"]
    assert body["last"] == f"{body['id']}&page=2"
    assert links(response)[0] == RESOURCE_TYPE
    assert CONTAINER_TYPE not in links(response)  # found, not contained: no container


@pytest.mark.parametrize(
    "uri",
    [
        "https://history.state.gov/historicaldocuments/frus1945v07/d645",
        "https://history.state.gov/historicaldocuments/frus1945v07/d644/pg_913",
        "https://example.org/",
        f"{BASE}/documents/{DOCUMENT}",
    ],
)
def test_a_uri_nothing_targets_is_an_empty_collection(client, uri):
    body = client.get("/annotations", params={"uri": uri}).json()
    assert (body["total"], body["first"]["items"], body["first"]["next"]) == (0, [], None)


def test_the_found_annotations_page_like_a_container(client):
    page = client.get("/annotations", params={"uri": HSG, "per_page": 15, "page": 3}).json()
    collection = "http://testserver/annotations?uri=https%3A%2F%2Fhistory.state.gov%2Fhistoricaldocuments%2Ffrus1945v07%2Fd644&per_page=15"
    assert page["id"] == f"{collection}&page=3"
    assert (page["partOf"]["id"], page["prev"], page["next"]) == (
        collection,
        f"{collection}&page=2",
        None,
    )
    assert [item["id"] for item in page["items"]] == [
        f"{BASE}/annotations/d644-{n:03d}" for n in range(31, 41)
    ]


@pytest.mark.parametrize("query", ["", "?uri=", "?per_page=5"])
def test_a_search_without_a_uri_is_a_400(client, query):
    response = client.get(f"/annotations{query}")
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/invalid-parameters"


@pytest.mark.parametrize("uri", ["http://[::1/x", "https://history.state.gov:99999/", "//", " "])
def test_a_uri_that_is_no_url_targets_nothing(client, uri):
    response = client.get("/annotations", params={"uri": uri})
    assert response.status_code == 200
    assert response.json()["total"] == 0
