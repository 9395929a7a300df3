"""The Model aggregate: integrity checks, equality and the cascade queries."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given

import cfgov
from cfgov import (
    Category,
    Measure,
    Model,
    ModelError,
    OutcomeObjective,
    Partner,
    Principle,
    Segment,
    ServiceStandard,
    Stakeholder,
    Unit,
)
from cfgov.testing import models


def org(uid: str, *parents: str) -> Unit:
    return Unit(id=uid, name=uid.upper(), kind="ministerial_department", parents=parents)


def part(uid: str, *parents: str, kind: str = "division") -> Unit:
    return Unit(id=uid, name=uid.upper(), kind=kind, parents=parents)


def seg(sid: str, unit: str, parent: str | None = None, **kw: object) -> Segment:
    return Segment(
        id=sid, name=sid, category=kw.pop("category", "target"), unit=unit, parent=parent, **kw
    )  # type: ignore[arg-type]


@pytest.fixture
def joint() -> Model:
    """A joint body under two departments, as the Social Mobility Commission is."""
    return Model(
        units=[
            org("cabinet-office"),
            org("dfe"),
            org("dwp"),
            org("smc", "cabinet-office", "dfe", "dwp"),
            part("smc-research", "smc"),
            part("dwp-hr", "dwp", kind="internal_service"),
        ],
        stakeholders=[
            Stakeholder(id="young", name="Young people"),
            Stakeholder(id="staff", name="Staff", internal_staff=True),
        ],
        segments=[
            seg("young-people", "cabinet-office", stakeholder="young"),
            seg("young-in-care", "smc", parent="young-people", stakeholder="young"),
            seg("care-leavers", "smc-research", parent="young-in-care"),
            seg("dfe-pupils", "dfe", stakeholder="young"),
            seg("dwp-staff", "dwp-hr", stakeholder="staff"),
        ],
        partners=[
            Partner(
                id="youth-council",
                name="Youth council",
                role="representative",
                stakeholder="young",
                represents=["young-in-care", "dfe-pupils"],
            )
        ],
        objectives=[
            OutcomeObjective(
                id="o1",
                statement="More care leavers in work",
                segments=["care-leavers", "young-in-care"],
                measures=[Measure(id="m1", name="in work at 21")],
            )
        ],
    )


def test_segments_at_follows_every_parent_of_a_joint_body(joint: Model) -> None:
    visible = {s.id for s in joint.segments_at("smc-research")}
    # dfe's own segment cascades too: dfe is one of smc's parents
    assert visible == {"young-people", "young-in-care", "care-leavers", "dfe-pupils"}
    assert {s.id for s in joint.segments_at("dwp-hr")} == {"dwp-staff"}
    assert {s.id for s in joint.segments_owned_by("smc")} == {"young-in-care"}


def test_ancestors_and_descendants_cover_all_paths(joint: Model) -> None:
    assert joint.ancestors_of("smc-research") == {"smc", "cabinet-office", "dfe", "dwp"}
    assert joint.descendants_of("dwp") == {"smc", "smc-research", "dwp-hr"}
    assert {u.id for u in joint.organisations_of("smc-research")} == {"smc"}
    assert {u.id for u in joint.organisations_of("dwp-hr")} == {"dwp"}
    assert {u.id for u in joint.parents_of("smc")} == {"cabinet-office", "dfe", "dwp"}
    assert {u.id for u in joint.children_of("dwp")} == {"smc", "dwp-hr"}
    assert {u.id for u in joint.top_units} == {"cabinet-office", "dfe", "dwp"}


def test_lineage_and_sub_segments(joint: Model) -> None:
    assert [s.id for s in joint.lineage_of("care-leavers")] == [
        "young-people",
        "young-in-care",
        "care-leavers",
    ]
    assert [s.id for s in joint.sub_segments_of("young-people")] == ["young-in-care"]
    assert [s.id for s in joint.sub_segments_of("young-people", recursive=True)] == [
        "young-in-care",
        "care-leavers",
    ]
    tops = {s.id for s in joint.top_segments}
    assert "young-people" in tops
    assert "care-leavers" not in tops
    assert all(s.parent is None for s in joint.top_segments)
    assert len(tops) + sum(s.parent is not None for s in joint.segments) == len(joint.segments)


def test_roles_of_lists_every_hat(joint: Model) -> None:
    roles = joint.roles_of("young")
    assert {r.id for r in roles} == {"young-people", "young-in-care", "dfe-pupils", "youth-council"}
    assert any(isinstance(r, Partner) for r in roles)


def test_objectives_partners_and_representatives(joint: Model) -> None:
    assert [o.id for o in joint.objectives_for("care-leavers")] == ["o1"]
    assert joint.objectives_for("dfe-pupils") == ()
    assert [p.id for p in joint.representatives_of("dfe-pupils")] == ["youth-council"]
    assert joint.partners_of("dfe-pupils", "expert") == ()
    assert [m.id for _, m in joint.measures()] == ["m1"]


def test_lookups_raise_key_error_naming_what_was_found(joint: Model) -> None:
    with pytest.raises(KeyError, match="no unit with id 'young-people' \\(found a segment\\)"):
        joint.unit("young-people")
    with pytest.raises(KeyError, match="found nothing"):
        joint.segment("nope")
    assert joint.get("m1") == Measure(id="m1", name="in work at 21")
    assert joint.kind_of("m1") == "measure"
    assert "smc" in joint
    assert "nope" not in joint


def test_graph_views_are_networkx_and_agree_with_queries(joint: Model) -> None:
    graph = joint.organisation_graph()
    assert nx.is_directed_acyclic_graph(graph)
    for unit in joint.units:
        assert set(nx.ancestors(graph, unit.id)) == joint.ancestors_of(unit.id)
    graph.remove_node("dwp")  # the view is a copy: the model is unchanged
    assert "dwp" in joint
    cascade = joint.segment_cascade()
    assert set(cascade.successors("young-people")) == {"young-in-care"}
    assert cascade.nodes["care-leavers"]["segment"] == joint.segment("care-leavers")


@given(models())
def test_cascade_queries_agree_with_networkx(model: Model) -> None:
    graph = model.organisation_graph()
    cascade = model.segment_cascade()
    for unit in model.units:
        assert model.ancestors_of(unit.id) == set(nx.ancestors(graph, unit.id))
        assert model.descendants_of(unit.id) == set(nx.descendants(graph, unit.id))
        owners = model.ancestors_of(unit.id) | {unit.id}
        assert {s.id for s in model.segments_at(unit.id)} == {
            s.id for s in model.segments if s.unit in owners
        }
    for segment in model.segments:
        lineage = [s.id for s in model.lineage_of(segment.id)]
        assert lineage[-1] == segment.id
        assert set(lineage[:-1]) == set(nx.ancestors(cascade, segment.id))
        below = {s.id for s in model.sub_segments_of(segment.id, recursive=True)}
        assert below == set(nx.descendants(cascade, segment.id))


def test_same_as_groups_are_transitive_and_symmetric() -> None:
    model = Model(
        units=[org("a"), org("b"), org("c")],
        segments=[
            seg("pa", "a"),
            seg("pb", "b", same_as=["pa"]),
            seg("pc", "c", same_as="pb"),
            seg("lonely", "c"),
        ],
    )
    assert model.same_as_of("pa") == {"pb", "pc"}
    assert model.shared_segments() == (frozenset({"pa", "pb", "pc"}),)
    assert model.same_as_of("lonely") == frozenset()


def test_equality_ignores_order_of_entities_but_not_content() -> None:
    a = Model(units=[org("x"), org("y")])
    b = Model(units=[org("y"), org("x")])
    assert a == b
    assert hash(a) == hash(b)
    assert a != Model(units=[org("x"), Unit(id="y", name="other", kind="organisation")])
    assert a != "not a model"


def test_integrity_problems_are_all_reported_at_once() -> None:
    with pytest.raises(ModelError) as info:
        Model(
            units=[
                org("d"),
                part("a", "b"),
                part("b", "a"),
                part("orphan"),
                part("ghost-child", "ghost"),
            ],
            segments=[
                seg("s1", "d", parent="s2"),
                seg("s2", "d", parent="s1"),
                seg("s3", "d", category="indirect", target_kind="unaware"),
                seg("s4", "d", same_as=["s4"]),
                seg("s5", "s1"),
            ],
            objectives=[OutcomeObjective(id="o", statement="x", segments=[])],
            principles=[Principle(id="d", name="dup id")],
        )
    found = {(p.code, p.entity, p.field) for p in info.value.problems}
    assert found == {
        ("CFG007", "d", None),
        ("CFG009", "a", "parents"),
        ("CFG006", "orphan", "parents"),
        ("CFG008", "ghost-child", "parents.0"),
        ("CFG009", "s1", "parent"),
        ("CFG018", "s3", "target_kind"),
        ("CFG018", "s4", "same_as"),
        ("CFG008", "s5", "unit"),
        ("CFG006", "o", "segments"),
    }
    wrong_kind = next(p for p in info.value.problems if p.entity == "s5")
    assert "'s1' is a segment" in wrong_kind.message
    assert wrong_kind.related == ("s1",)
    assert "problems in the model" in str(info.value)


def test_self_parent_is_a_cycle() -> None:
    with pytest.raises(ModelError) as info:
        Model(units=[org("d"), part("u", "u", "d")])
    assert [p.code for p in info.value.problems] == ["CFG009"]


def test_long_chains_do_not_hit_the_recursion_limit() -> None:
    depth = 5000
    units = [org("u0")] + [part(f"u{i}", f"u{i - 1}") for i in range(1, depth)]
    segments = [seg("s0", "u0")] + [seg(f"s{i}", f"u{i}", f"s{i - 1}") for i in range(1, depth)]
    model = Model(units=units, segments=segments)
    assert len(model.ancestors_of(f"u{depth - 1}")) == depth - 1
    assert len(model.lineage_of(f"s{depth - 1}")) == depth
    assert len(model.segments_at(f"u{depth - 1}")) == depth


def test_entities_validate_their_own_fields() -> None:
    with pytest.raises(ValueError, match="priority must be 1 or more"):
        seg("s", "u", priority=0)
    with pytest.raises(ValueError, match="not-a-category"):
        Segment(id="s", name="s", category="not-a-category", unit="u")
    with pytest.raises(ValueError, match="finite"):
        Measure(id="m", name="m", target=float("nan"))
    with pytest.raises(ValueError, match="visible character"):
        Unit(id="", name="empty id")
    assert seg("s", "u").category is Category.TARGET
    assert ServiceStandard(id="x", statement="y", targets=[]).targets == ()


def test_repr_shows_only_what_was_set() -> None:
    text = repr(seg("fp", "dwp", priority=2))
    assert text == ("Segment(id='fp', name='fp', category=Category.TARGET, unit='dwp', priority=2)")
    assert repr(Model(units=[org("x")])).startswith("<Model 1 organisation, 0 units")


@pytest.mark.parametrize(
    ("build", "error", "needle"),
    [
        (lambda: cfgov.Size(value=1, as_of="April 2003"), ValueError, "YYYY"),
        (lambda: cfgov.Size(value=10**20), ValueError, "10\\*\\*18"),
        (lambda: seg("s", "u", priority=10**30), ValueError, "10\\*\\*18"),
        (lambda: Unit(id="u", name="U", parents=["o", None]), ValueError, "parents\\[1\\]"),
        (lambda: seg("s", "u", aims=[None]), ValueError, "aims\\[0\\]"),
        (lambda: Unit(id="u", name="   "), ValueError, "name must not be empty"),
        (
            lambda: OutcomeObjective(id="o", statement="s", segments=["x"], measures=[{"id": "m"}]),
            TypeError,
            "measures",
        ),
        (lambda: seg("s", "u", knowledge_sources=["survey"]), TypeError, "knowledge_sources"),
        (lambda: seg("s", "u", channels=[1]), TypeError, "channels\\[0\\]"),
    ],
)
def test_entities_refuse_what_the_format_refuses(
    build: object, error: type[Exception], needle: str
) -> None:
    with pytest.raises(error, match=needle):
        build()  # type: ignore[operator]


def test_model_refuses_entries_of_the_wrong_type_with_a_model_error() -> None:
    with pytest.raises(ModelError) as info:
        Model(units=[{"id": "x"}], segments=[org("d")])  # type: ignore[list-item]
    messages = [p.message for p in info.value.problems]
    assert messages == ["units[0] is a dict, not a Unit", "segments[0] is a Unit, not a Segment"]
    assert isinstance(info.value, cfgov.CfgovError)


def test_voice_of_falls_back_to_the_stakeholder() -> None:
    model = Model(
        units=[org("d")],
        stakeholders=[
            Stakeholder(id="kids", name="Children", voice="none"),
            Stakeholder(id="quiet", name="Unrecorded"),
        ],
        segments=[
            seg("a", "d", stakeholder="kids"),
            seg("b", "d", stakeholder="kids", voice="weak"),
            seg("c", "d", stakeholder="quiet"),
            seg("e", "d"),
        ],
    )
    assert [model.voice_of(s) for s in "abce"] == [cfgov.Voice.NONE, cfgov.Voice.WEAK, None, None]
