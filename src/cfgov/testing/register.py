"""A made-up GOV.UK organisations register of realistic shape, for tests and benchmarks.

:func:`register_records` returns records as the organisations API gives them (plain
JSON-able dicts): departments at the top, agencies and public bodies below them,
sub-organisations below some of those, bodies sponsored jointly by several
departments, closed bodies (some with live bodies below them), and parents named
that are not among the records, as in any extract. The same arguments give the
same records.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

_API = "https://www.gov.uk/api/organisations/"
_WEB = "https://www.gov.uk/government/organisations/"

#: Register types of the bodies below a department, with how often each comes.
_BODY_TYPES = (
    ("Executive non-departmental public body", 30),
    ("Advisory non-departmental public body", 20),
    ("Executive agency", 12),
    ("Tribunal", 6),
    ("Public corporation", 6),
    ("Independent monitoring body", 5),
    ("Ad-hoc advisory group", 4),
    ("Other", 10),
    ("Court", 2),
    ("Non-ministerial department", 5),
)
_WORDS = (
    "Pensions",
    "Skills",
    "Health",
    "Transport",
    "Justice",
    "Energy",
    "Water",
    "Land",
    "Marine",
    "Food",
    "Schools",
    "Housing",
    "Borders",
    "Veterans",
    "Prisons",
    "Charities",
    "Tax",
    "Trade",
    "Culture",
    "Sport",
    "Science",
    "Space",
    "Weather",
    "Rivers",
    "Forests",
    "Roads",
    "Rail",
    "Ports",
    "Museums",
    "Archives",
    "Records",
    "Statistics",
    "Standards",
    "Safety",
    "Nuclear",
    "Coal",
    "Gas",
    "Fisheries",
    "Farming",
    "Wildlife",
    "Heritage",
    "Arts",
    "Libraries",
    "Youth",
)
_FORMS = ("Agency", "Board", "Commission", "Council", "Authority", "Office", "Service", "Panel")


def _record(
    slug: str,
    title: str,
    register_type: str,
    rng: random.Random,
    *,
    closed: bool,
    analytics: str,
) -> dict[str, Any]:
    closed_at = None
    if closed:
        closed_at = f"{rng.randint(2005, 2022)}-{rng.randint(1, 12):02d}-01T00:00:00.000+01:00"
    return {
        "id": _API + slug,
        "title": title,
        "format": register_type,
        "updated_at": "2024-01-01T00:00:00.000+00:00",
        "web_url": _WEB + slug,
        "details": {
            "slug": slug,
            "abbreviation": "".join(w[0] for w in title.split() if w[0].isupper()) or None,
            "logo_formatted_name": title,
            "organisation_brand_colour_class_name": None,
            "organisation_logo_type_class_name": "single-identity",
            "closed_at": closed_at,
            "govuk_status": "closed" if closed else rng.choice(("live", "live", "exempt")),
            "content_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        },
        "analytics_identifier": analytics,
        "parent_organisations": [],
        "child_organisations": [],
    }


def _link(slug: str) -> dict[str, str]:
    return {"id": _API + slug, "web_url": _WEB + slug}


def register_records(
    count: int = 1016,
    *,
    departments: int = 25,
    joint: int = 16,
    missing: int = 6,
    standalone: int = 4,
    closed_share: float = 0.35,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """``count`` register records: ``departments`` ministerial departments at the top,
    ``joint`` bodies with two or three parents, ``missing`` records naming a parent that
    is not among them, ``standalone`` bodies under no other (public corporations and the
    like), and about ``closed_share`` of the bodies closed."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    used: set[str] = set()

    def new_slug(title: str) -> str:
        base = title.lower().replace(" ", "-")
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        return slug

    tops = []
    for i in range(min(departments, count)):
        title = f"Department for {rng.choice(_WORDS)} and {rng.choice(_WORDS)}"
        record = _record(
            new_slug(title),
            title,
            "Ministerial department",
            rng,
            closed=i % 8 == 7,
            analytics=f"D{i + 1}",
        )
        records.append(record)
        tops.append(record)
    for i in range(min(standalone, count - len(records))):
        title = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} Corporation"
        records.append(
            _record(
                new_slug(title),
                title,
                "Public corporation",
                rng,
                closed=False,
                analytics=f"PC{i + 1}",
            )
        )
    bodies: list[dict[str, Any]] = []
    types = [t for t, _ in _BODY_TYPES]
    weights = [w for _, w in _BODY_TYPES]
    while len(records) < count:
        # One in eight bodies is a sub-organisation of an earlier body, the rest sit
        # under a department.
        under_body = bool(bodies) and rng.random() < 0.125
        parent = rng.choice(bodies) if under_body else rng.choice(tops)
        register_type = "Sub-organisation" if under_body else rng.choices(types, weights)[0]
        title = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {rng.choice(_FORMS)}"
        record = _record(
            new_slug(title),
            title,
            register_type,
            rng,
            closed=rng.random() < closed_share,
            analytics=f"PB{len(records)}",
        )
        record["parent_organisations"].append(_link(parent["details"]["slug"]))
        parent["child_organisations"].append(_link(record["details"]["slug"]))
        records.append(record)
        bodies.append(record)
    shared = rng.sample(bodies, min(joint, len(bodies)))
    for record in shared:
        own = {p["id"] for p in record["parent_organisations"]}
        others = [t for t in tops if _API + t["details"]["slug"] not in own]
        for other in rng.sample(others, min(len(others), rng.choice((1, 2)))):
            record["parent_organisations"].append(_link(other["details"]["slug"]))
            other["child_organisations"].append(_link(record["details"]["slug"]))
    alone = [record for record in bodies if record not in shared]
    for i, record in enumerate(rng.sample(alone, min(missing, len(alone)))):
        record["parent_organisations"].append(_link(f"a-body-not-in-the-extract-{i}"))
    rng.shuffle(records)
    return records


def register_pages(records: list[dict[str, Any]], page_size: int = 20) -> list[dict[str, Any]]:
    """The records as the API's pages (``results``, ``total``, ``next_page_url``...)."""
    pages = []
    total = len(records)
    count = max(1, -(-total // page_size))
    for number in range(1, count + 1):
        pages.append(
            {
                "_response_info": {"status": "ok"},
                "total": total,
                "start_index": (number - 1) * page_size + 1,
                "page_size": page_size,
                "current_page": number,
                "pages": count,
                "results": records[(number - 1) * page_size : number * page_size],
                "next_page_url": (
                    f"https://www.gov.uk/api/organisations?page={number + 1}"
                    if number < count
                    else None
                ),
            }
        )
    return pages
