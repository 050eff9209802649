"""Effects the article pages state in prose that no experiment test asserts yet (seeds 1 to 5)."""

from __future__ import annotations

import pytest

from pft.experiments import knowledge

SEEDS = (1, 2, 3, 4, 5)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fully_fine_tuned_model_still_answers_from_retrieved_context(seed):
    # synergy.md#contextual-adaptation: after the hard run changed every weight, retrieval into
    # the prompt still supplies the new facts. Margin: every new fact answered, and never fewer
    # than the same tuned model answers without the retrieved sentence.
    rows = knowledge.run(seed=seed).rows
    tuned, with_context = rows[-2], rows[-1]
    assert tuned.method.startswith("fine-tuned") and with_context.method.endswith("+ retr.")
    assert with_context.extra_tokens > 0 and tuned.extra_tokens == 0
    assert with_context.new == 1.0
    assert with_context.new >= tuned.new
