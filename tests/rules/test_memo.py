"""What rules keep per model: the last few models' values, let go with their models."""

from __future__ import annotations

import gc

from cfgov import loads
from cfgov.rules.memo import PerModel, same_objects

_MODEL = """\
organisations:
  - {id: dept, name: A department, kind: ministerial_department}
"""


def test_a_value_is_kept_for_its_model_and_no_other() -> None:
    kept: PerModel[list[str]] = PerModel()
    one, other = loads(_MODEL), loads(_MODEL)
    kept.keep(one, ["one"])
    assert kept.get(one) == ["one"]
    assert kept.get(other) is None  # equal models, told apart by identity
    assert list(kept.others(other)) == [["one"]]
    assert list(kept.others(one)) == []


def test_only_the_last_few_models_are_kept() -> None:
    kept: PerModel[int] = PerModel(size=2)
    models = [loads(_MODEL) for _ in range(3)]
    for number, model in enumerate(models):
        kept.keep(model, number)
    assert kept.get(models[0]) is None
    assert [kept.get(m) for m in models[1:]] == [1, 2]


def test_a_value_goes_when_its_model_goes() -> None:
    kept: PerModel[object] = PerModel()
    model = loads(_MODEL)
    value = object()
    kept.keep(model, value)
    del model
    gc.collect()
    assert kept._kept == []  # nothing holds the value any more


def test_same_objects_compares_by_identity() -> None:
    a, b = [1000], [1000]
    assert same_objects((a, b), (a, b))
    assert not same_objects((a, b), (a, [1000]))  # equal, but another object
    assert not same_objects((a,), (a, b))
