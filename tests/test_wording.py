"""Messages put 'a' or 'an' before words they did not choose by how the word is read aloud
("an index", "an agent workload", "an 8% hit ratio", "an fp8 KV cache"), not always 'a'."""

from __future__ import annotations

import pytest

from app.domain import Category, Workload, parse
from app.domain.wording import article

CASES = [
    ("table", "a"),
    ("index", "an"),
    ("trigger", "a"),
    ("view", "a"),
    ("agent", "an"),
    ("inference api", "an"),
    ("evaluation", "an"),
    ("hourly", "an"),  # a silent h
    ("daily", "a"),
    ("unique", "a"),  # a vowel letter read as 'you'
    ("one-off", "a"),
    ("8%", "an"),
    ("80%", "an"),
    ("18-digit", "an"),
    ("11-digit", "an"),
    ("401-digit", "a"),
    ("8,000", "an"),
    ("110", "a"),
    ("fp8", "an"),  # spelled out: 'eff-pee-eight'
    ("bf16", "a"),
    ("int4", "an"),
    ("GPU", "a"),
    ("SLA", "an"),
    ("", "a"),
]


@pytest.mark.parametrize("word, expected", CASES, ids=[w or "empty" for w, _ in CASES])
def test_the_article_follows_the_sound(word, expected):
    assert article(word) == expected


@pytest.mark.parametrize(
    "category, says", [(Category.AGENT, "an agent workload"), (Category.INFERENCE_API, "an inference api workload")]
)
def test_a_workload_message_reads_right(category, says):
    with pytest.raises(Exception) as info:
        parse(Workload, {"name": "w", "category": category.value, "tokens": {"input_tokens": 100, "output_tokens": 10}})
    assert says in str(info.value)
