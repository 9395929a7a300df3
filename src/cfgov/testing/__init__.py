"""Test helpers for people who build on cfgov: Hypothesis strategies for valid models.

Needs Hypothesis (``pip install cfgov[testing]``)::

    from hypothesis import given
    from cfgov.testing import models

    @given(models())
    def test_my_dashboard_handles_any_model(model):
        render_dashboard(model)

Every model drawn is valid: unique ids, references that resolve, an acyclic
organisation graph and cascade. Ids and text include the awkward cases
(``NO``, ``010``, ``2026-01-01``, non-ASCII) so code that mangles them fails.
"""

from cfgov.testing.strategies import (
    TRICKY_IDS,
    entity_ids,
    models,
    texts,
)

__all__ = ["TRICKY_IDS", "entity_ids", "models", "texts"]
