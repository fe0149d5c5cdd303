"""The model selection matrix: criteria, weights, scoring and sensitivity. No Qt, no I/O.

matrix = build_matrix(sizing, catalog, workload, weights={"cost_per_mtok": 5})
sens = sensitivity(matrix)
matrix.reweighted({"quality": 4})   # live re-rank without recomputing the figures
"""

from app.selection.criteria import CRITERIA, CRITERIA_BY_KEY, Candidate, Criterion, default_weights
from app.selection.matrix import (
    NORMALISATION,
    CriterionColumn,
    MatrixRow,
    QualityChoice,
    SelectionMatrix,
    build_matrix,
    normalise,
    validate_weights,
)
from app.selection.missing import MissingData, RankRange, missing_data, missing_statement
from app.selection.quality_chart import front_labels, pareto_front, quality_charts
from app.selection.sensitivity import RowStability, Sensitivity, WeightSensitivity, sensitivity

__all__ = [
    "CRITERIA",
    "CRITERIA_BY_KEY",
    "Candidate",
    "Criterion",
    "CriterionColumn",
    "MatrixRow",
    "MissingData",
    "NORMALISATION",
    "QualityChoice",
    "RankRange",
    "RowStability",
    "SelectionMatrix",
    "Sensitivity",
    "WeightSensitivity",
    "build_matrix",
    "default_weights",
    "front_labels",
    "missing_data",
    "missing_statement",
    "pareto_front",
    "quality_charts",
    "normalise",
    "sensitivity",
    "validate_weights",
]
