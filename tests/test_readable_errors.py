"""Pydantic's errors in an architect's words: one translation the CLI and the GUI share."""

import pytest
from pydantic import ValidationError

from app.domain import Category, Scenario, readable_errors
from app.services.scenarios import blank_workload


def _message(**data) -> str:
    base = {"name": "s", "workload": blank_workload(Category.RAG, "s").model_dump()}
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({**base, **data})
    return readable_errors(info.value)


def test_an_empty_name_reads_a_name_is_required():
    assert _message(name="") == "A name is required"


def test_text_where_a_number_goes_and_a_list_item_out_of_range():
    message = _message(candidates={"gpu_counts": ["two", 3]})
    assert message == "candidates.gpu_counts.0: 'two' is not a number"
    assert "should" not in _message(candidates={"gpu_counts": [1.5]})
