"""Models shaped like the GOV.UK register of organisations, built in Python for the report tests.

The real register has about a thousand bodies under a few dozen departments:
agencies and non-departmental public bodies under each department, a few
sub-organisations under those, a handful of joint bodies with several
sponsors, and many bodies that have closed. :func:`register_model` builds one
of that shape, with no customer model at all, so the tests can see how a
report copes with a register-only model; :func:`with_segments` adds a small
customer model to one department.
"""

from __future__ import annotations

from cfgov import Model, Segment, Size, Unit

#: The kinds the register's bodies below a department take, in turn.
KINDS = (
    "executive_agency",
    "executive_ndpb",
    "advisory_ndpb",
    "advisory_ndpb",
    "tribunal_ndpb",
    "public_corporation",
    "organisation",
    "independent_monitoring_body",
    "ad_hoc_advisory_group",
    "court",
)


def register_model(
    bodies: int = 1016,
    departments: int = 25,
    joint: int = 16,
    closed_every: int = 3,
    big: int = 0,
) -> Model:
    """About ``bodies`` bodies under ``departments`` departments, and nothing else.

    Each department gets an even share of the bodies (department ``d0`` gets
    ``big`` more, to make one department far larger than the rest); every
    tenth body under a department has a sub-organisation below it; every
    ``closed_every``-th body is closed; ``joint`` bodies have two or three
    parent departments. Ids are ``d3`` (a department), ``d3-b7`` (a body
    under it) and ``d3-b7-s`` (a sub-organisation). Deterministic.
    """
    units: list[Unit] = []
    count = 0

    def add(unit_id: str, name: str, kind: str, parents: list[str]) -> None:
        nonlocal count
        count += 1
        status = "closed" if count % closed_every == 0 else "live"
        # Bodies as `cfgov import govuk` writes them: each carries its register slug.
        units.append(
            Unit(
                id=unit_id,
                name=name,
                kind=kind,
                parents=parents,
                status=status,
                identifiers={"govuk_slug": unit_id},
            )
        )

    for d in range(departments):
        kind = "ministerial_department" if d % 3 else "non_ministerial_department"
        units.append(
            Unit(
                id=f"d{d}",
                name=f"Department {d}",
                kind=kind,
                status="live",
                identifiers={"govuk_slug": f"d{d}"},
            )
        )
        count += 1
    below = bodies - departments
    per = [below // departments + (1 if d < below % departments else 0) for d in range(departments)]
    per[0] += big
    joint_left = joint
    for d, share in enumerate(per):
        b = 0
        made = 0
        while made < share:
            body = f"d{d}-b{b}"
            parents = [f"d{d}"]
            if joint_left and b == 1:
                # A joint body: sponsored by this department and the next one or two.
                parents += [f"d{(d + k) % departments}" for k in range(1, 2 + joint_left % 2)]
                joint_left -= 1
            add(body, f"Body {b} of department {d}", KINDS[b % len(KINDS)], parents)
            made += 1
            if b % 10 == 9 and made < share:
                add(
                    f"{body}-s",
                    f"Sub-organisation of body {b}, department {d}",
                    "sub_organisation",
                    [body],
                )
                made += 1
            b += 1
    return Model(units=units)


def with_segments(model: Model, department: str = "d2") -> Model:
    """The model with a broad segment set by ``department`` and a sub-segment below it."""
    body = next(u for u in model.units if u.parents == (department,))
    segments = [
        Segment(
            id="pensioners",
            name="People reaching pension age",
            category="target",
            unit=department,
            size=Size(value=1_500_000),
        ),
        Segment(
            id="pensioners-abroad",
            name="People reaching pension age abroad",
            category="target",
            unit=body.id,
            parent="pensioners",
            cut="where they live",
            size=Size(value=120_000),
        ),
    ]
    return Model(units=model.units, segments=segments)
