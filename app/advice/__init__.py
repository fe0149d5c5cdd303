"""What an experienced architect would write around the numbers: the six-layer system map
(L1 use case and quality bar, L2 data, L3 model strategy, L4 runtime, L5 evaluation,
L6 operations) and the path from prototype to production, for one recommended option.

Pure functions over domain objects (no Qt, no database, no I/O). Where the scenario states a
layer's field, its words are kept (derived=False); everything else is derived from the
workload's kind and sensitivity and from the sizing, and marked derived=True.

    derive_advice(scenario, sizing, catalog, option=None, hosted=None) -> Advice
"""

from __future__ import annotations

from app.advice.basis import Basis
from app.advice.evaluation import evaluation_layer
from app.advice.layers import data_layer, model_strategy_layer, use_case_layer
from app.advice.operations import operations_layer, runtime_layer
from app.advice.path import production_path
from app.advice.records import Advice, Entry, LayerAdvice, Stage
from app.domain import Catalog, HostedOption, Option, Scenario, Sizing


def derive_advice(
    scenario: Scenario,
    sizing: Sizing,
    catalog: Catalog,
    option: Option | None = None,
    hosted: HostedOption | None = None,
) -> Advice:
    """The system map and production path for the recommended `option` (or `hosted` API).

    With neither given, the sizing's own recommended option is used.
    """
    if option is None and hosted is None:
        option = sizing.recommended
    b = Basis(scenario=scenario, sizing=sizing, catalog=catalog, option=option, hosted=hosted)
    layers = [
        use_case_layer(b),
        data_layer(b),
        model_strategy_layer(b),
        runtime_layer(b),
        evaluation_layer(b),
        operations_layer(b),
    ]
    label = option.label if option is not None else (f"{hosted.name} (hosted API)" if hosted is not None else "")
    return Advice(option_label=label, layers=layers, stages=production_path(b))


__all__ = ["Advice", "Entry", "LayerAdvice", "Stage", "derive_advice"]
