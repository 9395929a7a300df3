"""What a rule works out once per model, kept while the model lives.

Some rules need a summary of the whole model (the newest evidence of each organisation,
a stakeholder's roles filed by name) before they can judge one entity. Worked out afresh
for every check, the summary would cost a whole pass each time an editor re-checks a
few entities; kept here, the check after an edit works it out from the last model's.

A :class:`PerModel` holds the values of the last few models it was given. It keeps
only a weak reference to each model, so nothing here keeps a model alive, and a
model's value is let go as soon as the model is (a value may hold the model's
entries). It is never shared between rules. The models are told apart by identity:
a model is never changed once built, so its values never go stale.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Generic, TypeVar

from cfgov.model import Model
from cfgov.model.delta import same_objects

__all__ = ["PerModel", "same_objects"]

_T = TypeVar("_T")


class PerModel(Generic[_T]):
    """Values worked out for the last ``size`` models, newest last."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._kept: list[tuple[weakref.ref[Model], _T]] = []

    def get(self, model: Model) -> _T | None:
        """The value kept for ``model``, or None."""
        for ref, value in self._kept:
            if ref() is model:
                return value
        return None

    def keep(self, model: Model, value: _T) -> _T:
        """Keep ``value`` for ``model`` (in place of any it had), forgetting the oldest
        model when there are too many and those no longer alive; returns ``value``."""
        self._kept[:] = [
            (ref, kept)
            for ref, kept in self._kept[-(self._size - 1) :]
            if ref() is not None and ref() is not model
        ]
        self._kept.append((weakref.ref(model, self._forget), value))
        return value

    def _forget(self, gone: weakref.ref[Model]) -> None:
        """A model was freed: let its value go with it."""
        self._kept[:] = [(ref, kept) for ref, kept in self._kept if ref is not gone]

    def others(self, model: Model) -> Iterator[_T]:
        """The values kept for models other than ``model`` that are still alive, newest
        first: where a value for ``model`` can be worked out from."""
        for ref, value in reversed(self._kept):
            found = ref()
            if found is not None and found is not model:
                yield value
