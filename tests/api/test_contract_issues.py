"""The issues, their positions and comparisons, against exact values from the real seed."""

import pytest

from tests.api.contract import (
    VARIANTS,
    all_ids,
    expected_issue,
    expected_position,
    expected_scale,
    get_json,
    issue_record,
    issue_ref,
    party_ref,
    positions_on,
)
from tests.api.expected import (
    BASE,
    positions_by_id,
    seed_issues,
)

# -- issues ---------------------------------------------------------------------------------------

PORT_ARTHUR_AGREEMENT = (
    "Agreement on Port Arthur, 14 August 1945 (United Nations Treaty Series vol. 10), Arts. 1–7: "
    "Chinese text at https://zh.wikisource.org/wiki/關於旅順口之協定 (verified); Russian text of "
    "Art. 1 at https://rt-online.ru/news/p10117712-337451. The article on the term was not "
    "retrieved."
)
YALTA = (
    "Agreement regarding the entry of the Soviet Union into the war against Japan, Yalta, "
    "11 February 1945 (Executive Agreement Series No. 498; Foreign Relations, The Conferences at "
    "Malta and Yalta, 1945, p. 984), clauses 1 and 2(b), as reproduced at "
    "https://arab.southfront.press/the-united-states-ad-hoc-withdrew-from-1945-yalta-conference-"
    "agreement (secondary: the official text was not retrieved; clause 2(c) on the railroads was "
    "not found verbatim)."
)


TOP_LEVEL_ISSUES = [i["slug"] for i in seed_issues() if "parent" not in i]


def test_issues_list_in_seed_order(client):
    body = get_json(client, "/issues?per_page=100")
    assert body["total"] == 27
    assert body["items"] == [expected_issue(record) for record in seed_issues()]


def test_issue_port_arthur_by_hand(client):
    body = get_json(client, "/issues/port-arthur")
    assert body.pop("aliases") == [
        {"slug": slug, "text": text, "kind": "editorial", "romanisation": rom, "source": VARIANTS}
        for slug, text, rom in [
            ("lushun", "Lüshun", "pinyin"),
            ("lushunkou", "Lüshunkou", "pinyin"),
            ("ryojun", "Ryojun", None),
            ("port-artur", "Port-Artur", None),
        ]
    ]
    assert body == {
        "slug": "port-arthur",
        "name": "Port Arthur",
        "description": "Port Arthur: whether it is to be leased, and whose naval base it is to be.",
        "parent": None,
        "children": ["port-arthur-lease", "port-arthur-naval-facilities"],
        # computed: both sub-issues are agreed-in-principle
        "status": "agreed-in-principle",
        "status_note": 'Stalin agreed to eliminate the word "lease" and to work for some basis on '
        'which both countries could have naval facilities; "There was no attempt to arrive at a '
        'decision as these discussions were of an exploratory nature."',
        "editorial_outcome": "A naval base for the joint use of China and the USSR, used only by "
        "their warships and merchant vessels; its defence entrusted to the USSR, which may station "
        "land, sea and air forces there; civil administration Chinese.",
        "editorial_outcome_source": PORT_ARTHUR_AGREEMENT,
        "scale": None,
        "url": f"{BASE}/issues/port-arthur",
        "positions_url": f"{BASE}/issues/port-arthur/positions",
        "sub_issues": [
            {
                "slug": "port-arthur-lease",
                "name": 'The word "lease"',
                "url": f"{BASE}/issues/port-arthur-lease",
            },
            {
                "slug": "port-arthur-naval-facilities",
                "name": "Naval facilities at Port Arthur",
                "url": f"{BASE}/issues/port-arthur-naval-facilities",
            },
        ],
        "parties": [{"slug": "stalin", "name": "Joseph Stalin", "url": f"{BASE}/parties/stalin"}],
        "comparison_url": f"{BASE}/issues/port-arthur/comparison",
    }


# every top-level issue, and the sub-issues with aliases, an outcome or one party
DETAILED_ISSUES = [
    *TOP_LEVEL_ISSUES,
    "dairen-internationalization",
    "port-arthur-lease",
    "korea-trusteeship",
    "railroad-coal",
    "manchuria-sovereignty",
]


@pytest.mark.parametrize(
    "record", [i for i in seed_issues() if i["slug"] in DETAILED_ISSUES], ids=lambda r: r["slug"]
)
def test_issue_detail(client, record):
    slug = record["slug"]
    first_seen: list[str] = []
    for pid in positions_on(slug):
        party = positions_by_id()[pid].party
        if party not in first_seen:
            first_seen.append(party)
    expected = expected_issue(record)
    assert get_json(client, f"/issues/{slug}") == {
        **expected,
        "sub_issues": [issue_ref(child) for child in expected["children"]],
        "parties": [party_ref(party) for party in first_seen],
        "comparison_url": f"{BASE}/issues/{slug}/comparison",
    }


def test_issue_positions_by_hand(client):
    assert all_ids(client, "/issues/port-arthur/positions") == ["d644-018", "d644-019"]
    assert all_ids(client, "/issues/port-arthur-lease/positions") == ["d644-018"]
    assert all_ids(client, "/issues/korea/positions") == [f"d644-{n:03d}" for n in range(35, 41)]
    assert all_ids(client, "/issues/dairen/positions") == [
        "d644-011",
        "d644-012",
        "d644-013",
        "d644-014",
        "d644-015",
        "d644-016",
        "d644-017",
        "d644-024",
        "d644-025",
    ]
    assert all_ids(client, "/issues/railroads/positions") == [f"d644-{n:03d}" for n in range(1, 10)]


@pytest.mark.parametrize("slug", TOP_LEVEL_ISSUES)
def test_issue_positions_include_sub_issues(client, slug):
    expected = positions_on(slug)
    body = get_json(client, f"/issues/{slug}/positions?per_page=100")
    assert body["total"] == len(expected)
    assert body["items"] == [expected_position(pid) for pid in expected]


def test_dairen_comparison_by_hand(client):
    body = get_json(client, "/issues/dairen/comparison")
    assert body["issue"] == issue_ref("dairen")
    assert [
        (group["party"], [p["id"] for p in group["positions"]]) for group in body["parties"]
    ] == [
        (party_ref("stalin"), ["d644-011", "d644-012", "d644-013", "d644-014"]),
        (party_ref("soong"), ["d644-015", "d644-016", "d644-017", "d644-024", "d644-025"]),
    ]
    scales = {row["issue"]["slug"]: row.pop("scale") for row in body["grid"]}
    assert body["grid"] == [
        {
            "issue": issue_ref("dairen-internationalization"),
            "positions": {"stalin": ["d644-011"], "soong": ["d644-015", "d644-024"]},
            "points": {
                "stalin": [{"position": "d644-011", "point": 0, "salience": None}],
                "soong": [
                    {"position": "d644-015", "point": 1, "salience": None},
                    {"position": "d644-024", "point": None, "salience": "high"},
                ],
            },
        },
        {
            "issue": issue_ref("dairen-soviet-rights"),
            "positions": {"stalin": ["d644-012"], "soong": ["d644-017"]},
            "points": {
                "stalin": [{"position": "d644-012", "point": 0, "salience": None}],
                "soong": [{"position": "d644-017", "point": 3, "salience": None}],
            },
        },
        {
            "issue": issue_ref("dairen-administration"),
            "positions": {"stalin": ["d644-013"], "soong": ["d644-016", "d644-025"]},
            "points": {
                "stalin": [{"position": "d644-013", "point": 0, "salience": None}],
                "soong": [
                    {"position": "d644-016", "point": 2, "salience": None},
                    {"position": "d644-025", "point": None, "salience": "high"},
                ],
            },
        },
        {
            "issue": issue_ref("dairen-revenues"),
            "positions": {"stalin": ["d644-014"]},
            "points": None,
        },
    ]
    assert scales["dairen-revenues"] is None
    assert scales["dairen-soviet-rights"] == {
        "points": [
            {"point": 0, "label": "a Russian preeminent interest in the port as against China"},
            {"point": 1, "label": "the pre-eminent interests of the Soviet Union safeguarded"},
            {
                "point": 2,
                "label": "wharves and warehouses leased to the USSR, its transit goods duty-free",
            },
            {"point": 3, "label": "full rights for Russia to use the port freely"},
        ],
        "note": "Ordered by how far Soviet rights reach beyond the use of a Chinese port; placing "
        "the Yalta wording and the outcome between the two demands is an editorial reading.",
        "reference_point": {
            "point": 1,
            "label": "the pre-eminent interests of the Soviet Union safeguarded",
            "quote": "the pre-eminent interests of the Soviet Union in this port being safeguarded",
            "source": YALTA,
            "note": None,
            "basis": "editorial",
        },
        "outcome_point": {
            "point": 2,
            "label": "wharves and warehouses leased to the USSR, its transit goods duty-free",
            "source": scales["dairen-soviet-rights"]["outcome_point"]["source"],
            "basis": "editorial",
        },
    }
    assert scales["dairen-soviet-rights"]["outcome_point"]["source"].startswith(
        "Agreement concerning Dairen, 14 August 1945"
    )
    assert scales["dairen-internationalization"]["reference_point"]["point"] is None


@pytest.mark.parametrize("slug", [*TOP_LEVEL_ISSUES, "dairen-administration"])
def test_comparison(client, slug):
    by_id = positions_by_id()
    groups: dict[str, list[str]] = {}
    grid: dict[str, dict[str, list[str]]] = {}
    points: dict[str, dict[str, list[dict]]] = {}
    for pid in positions_on(slug):
        p = by_id[pid]
        groups.setdefault(p.party, []).append(pid)
        grid.setdefault(p.issue, {}).setdefault(p.party, []).append(pid)
        point = {"position": pid, "point": p.scale_point, "salience": p.salience}
        points.setdefault(p.issue, {}).setdefault(p.party, []).append(point)
    assert get_json(client, f"/issues/{slug}/comparison") == {
        "issue": issue_ref(slug),
        "parties": [
            {"party": party_ref(party), "positions": [expected_position(pid) for pid in ids]}
            for party, ids in groups.items()
        ],
        "grid": [
            {
                "issue": issue_ref(issue),
                "positions": cells,
                "scale": expected_scale(issue_record(issue)),
                "points": points[issue] if expected_scale(issue_record(issue)) else None,
            }
            for issue, cells in grid.items()
        ],
    }
