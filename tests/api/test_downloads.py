"""The whole-dataset downloads: a data package that Frictionless validates and reads back into
the database's rows, a SQLite file holding the same rows, on SQLite and PostgreSQL alike;
built once per dataset version, served as files with strong ETags, and never copied into the
response cache."""

import io
import json
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest
from frictionless import Package, validate
from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from app import downloads
from app.config import get_settings
from app.db import make_engine
from app.main import served
from app.migrate import head_revision
from tests.api.expected import seed_parties, seed_positions

EXPORTED = [
    "document",
    "party",
    "party_alias",
    "issue",
    "issue_alias",
    "position",
    "attribution_link",
    "position_response",
    "context_sentence",
]
TABLES = [name for name in EXPORTED if name != "attribution_link"]  # the rest are the model's


@pytest.fixture(scope="module")
def downloads_dir(tmp_path_factory, client):
    """A folder of their own for this module's downloads (the client serves the test DB)."""
    folder = tmp_path_factory.mktemp("downloads")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOWNLOADS_DIR", str(folder))
        get_settings.cache_clear()
        yield folder
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def source(loaded_url) -> Engine:
    engine = make_engine(loaded_url, read_only=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def versions(source) -> tuple[str, str]:
    with source.connect() as connection:
        row = connection.exec_driver_sql("SELECT version, loader_sha256 FROM dataset").one()
    return row[0], row[1]


@pytest.fixture(scope="module")
def package_zip(client, downloads_dir) -> bytes:
    response = client.get("/dataset/download.zip")
    assert response.status_code == 200, response.text
    return response.content


@pytest.fixture(scope="module")
def package(package_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("package")
    (folder / "parley.zip").write_bytes(package_zip)
    with zipfile.ZipFile(folder / "parley.zip") as archive:
        archive.extractall(folder / "unpacked")
    return folder / "unpacked" / "datapackage.json"


def table_rows(engine: Engine, table) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        return [dict(row) for row in rows]


# -- the data package -------------------------------------------------------------------------


def test_the_package_lists_the_files_it_holds(package_zip):
    with zipfile.ZipFile(io.BytesIO(package_zip)) as archive:
        names = archive.namelist()
    assert names == [
        "datapackage.json",
        "README.md",
        "LICENSE-DATA.md",
        *[f"data/{name}.csv" for name in EXPORTED],
    ]


def test_the_package_is_valid_frictionless(package):
    report = validate(package)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_descriptor_names_version_licences_keys_and_sources(package, versions):
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["name"] == "parley"
    assert descriptor["version"] == versions[0]
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        },
        {
            "path": "https://www.law.cornell.edu/uscode/text/17/105",
            "title": "Public domain (17 U.S.C. § 105: a work of the United States Government)",
        },
    ]
    assert descriptor["sources"][0]["path"] == (
        "https://history.state.gov/historicaldocuments/frus1945v07/d644"
    )
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    assert list(schemas) == EXPORTED
    position = schemas["position"]
    assert position["primaryKey"] == ["id"]
    assert {
        "fields": ["responds_to_id"],
        "reference": {"resource": "position", "fields": ["id"]},
    } in schemas["position_response"]["foreignKeys"]
    assert {"fields": ["party_id"], "reference": {"resource": "party", "fields": ["id"]}} in (
        position["foreignKeys"]
    )
    types = {field["name"]: field["type"] for field in position["fields"]}
    assert (types["attribution"], types["span_start"], types["quote"]) == (
        "array",
        "integer",
        "string",
    )
    issue_types = {field["name"]: field["type"] for field in schemas["issue"]["fields"]}
    assert (issue_types["scale"], issue_types["reference_point"]) == ("array", "object")
    document = {field["name"]: field for field in schemas["document"]["fields"]}
    assert document["editorial_date"]["type"] == "date"
    assert document["slug"]["constraints"] == {"required": True, "unique": True, "maxLength": 64}
    assert schemas["attribution_link"]["primaryKey"] == ["position_id", "link", "to_party_id"]


def test_the_readme_gives_licences_and_citation(package, versions):
    readme = (package.parent / "README.md").read_text(encoding="utf-8")
    assert f"Parley, dataset version {versions[0]}" in readme
    assert "CC-BY-4.0" in readme
    assert "17 U.S.C. § 105" in readme
    assert "- `data/context_sentence.csv`: " in readme
    licence = (package.parent / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert licence.startswith("# Licences of Parley's data")


@pytest.mark.parametrize("name", TABLES)
def test_each_table_reads_back_into_the_same_rows(package, source, name):
    resource = Package(package).get_resource(name)
    read = [row.to_dict() for row in resource.read_rows()]
    assert read == table_rows(source, SQLModel.metadata.tables[name])


def test_attribution_links_read_back_as_the_positions_chains(package, source):
    party_ids = {p["slug"]: n for n, p in enumerate(seed_parties(), start=1)}
    expected = [
        {
            "position_id": row["id"],
            "link": number,
            "to_party_id": party_ids[recipient],
            "party_id": party_ids[link["party"]],
            "verb": link["verb"],
            "basis": link["basis"],
        }
        for row in table_rows(source, SQLModel.metadata.tables["position"])
        for number, link in enumerate(row["attribution"], start=1)
        for recipient in link["to"]
    ]
    read = [row.to_dict() for row in Package(package).get_resource("attribution_link").read_rows()]
    assert read == expected
    assert len(read) > 40  # every position has at least the telegram's own link


def test_responses_read_back_as_the_seed_wrote_them(package):
    expected = [
        {"position_id": p.id, "responds_to_id": target}
        for p in seed_positions()
        for target in p.responds_to
    ]
    read = [row.to_dict() for row in Package(package).get_resource("position_response").read_rows()]
    assert sorted(read, key=lambda row: (row["position_id"], row["responds_to_id"])) == sorted(
        expected, key=lambda row: (row["position_id"], row["responds_to_id"])
    )
    assert {"position_id": "d644-032", "responds_to_id": "d644-031"} in read


# -- the SQLite file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_download(client, downloads_dir, tmp_path_factory) -> Path:
    response = client.get("/dataset/parley.sqlite3")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.sqlite3"
    path = tmp_path_factory.mktemp("sqlite") / "parley.sqlite3"
    path.write_bytes(response.content)
    return path


def test_the_sqlite_file_holds_every_table_row_for_row(sqlite_download, source):
    copy = make_engine(f"sqlite:///{sqlite_download}", read_only=True)
    try:
        for table in SQLModel.metadata.sorted_tables:
            assert table_rows(copy, table) == table_rows(source, table), table.name
    finally:
        copy.dispose()


def test_the_sqlite_file_is_migrated_sound_and_searchable(sqlite_download):
    connection = sqlite3.connect(f"file:{sqlite_download}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]
        matched = connection.execute(
            "SELECT position_id FROM position_fts WHERE position_fts MATCH 'lease'"
        ).fetchall()
        assert matched == [("d644-018",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        connection.close()


# -- HTTP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "media_type", "suffix"),
    [
        ("/dataset/download.zip", "application/zip", "zip"),
        ("/dataset/parley.sqlite3", "application/vnd.sqlite3", "sqlite3"),
    ],
)
def test_downloads_are_files_with_strong_etags(
    client, downloads_dir, versions, path, media_type, suffix
):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    headers = response.headers
    assert headers["content-type"] == media_type
    assert headers["content-disposition"] == (
        f'attachment; filename="parley-{versions[0][:8]}.{suffix}"'
    )
    assert int(headers["content-length"]) == len(response.content) > 1000
    assert "content-encoding" not in headers  # the bytes the ETag names, as they are
    etag = headers["etag"]
    assert etag.startswith(f'"{versions[0][:32]}-')
    assert not etag.startswith("W/")
    assert headers["cache-control"] == "public, max-age=300"

    again = client.get(path)
    assert (again.headers["etag"], again.content) == (etag, response.content)

    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert (head.headers["etag"], head.headers["content-length"]) == (
        etag,
        headers["content-length"],
    )

    not_modified = client.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag


def test_unknown_parameters_are_refused(client, downloads_dir):
    response = client.get("/dataset/download.zip?format=csv")
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/unknown-parameter"


def test_built_once_per_version_and_once_for_concurrent_requests(
    client, downloads_dir, versions, monkeypatch
):
    client.get("/dataset/download.zip")  # built already, or now
    built = sorted(path.name for path in downloads_dir.glob("parley-*"))
    assert [name.rsplit(".", 1)[1] for name in built] == ["sqlite3", "zip"]
    assert all(name.startswith(f"parley-{versions[0]}-") for name in built)

    for path in downloads_dir.glob("parley-*"):  # as if a temp cleaner had been by
        path.unlink()
    builds = []
    real_build = downloads._build

    def counted(folder):
        builds.append(folder)
        return real_build(folder)

    monkeypatch.setattr(downloads, "_build", counted)
    found = []
    threads = [
        threading.Thread(
            target=lambda: found.append(
                downloads.artifact("zip", version=versions[0], loader_sha256=versions[1])
            )
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len({(a.path, a.etag) for a in found}) == 1
    assert sorted(path.name for path in downloads_dir.glob("parley-*")) == built
    assert not list(downloads_dir.glob(".building-*"))


def test_the_response_cache_never_copies_a_download(client, downloads_dir):
    """The served app (behind the cache) streams the file and keeps nothing of it."""
    cache = served  # granian's proxy wrapper is the cache's own attributes
    client.get("/dataset/parley.sqlite3")
    stored = [
        key
        for key, entry in cache.entries.items()
        # the downloads only (citations under /dataset/ are cached like any answer); a
        # refusal is kept
        if any(path in repr(key).encode() for path in (b"parley.sqlite3", b"download.zip"))
        and entry.status != 400
    ]
    assert stored == []
    assert cache.in_flight == {}
