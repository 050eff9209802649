"""LoRA adapters and full fine-tuning: gradients, starting point, merging, determinism, errors."""

from __future__ import annotations

import math

import pytest

from pft.adapt.finetune import FullFineTune
from pft.adapt.lora import LoRA
from pft.adapt.softprompt import SoftPrompt
from pft.adapt.training import Adapter, Budget
from pft.substrate import compute
from pft.substrate.lm import MATRICES, TinyLM
from pft.substrate.world import World

DOCS = World(seed=5).corpus("finance", 12, seed=1)


def _base() -> TinyLM:
    return TinyLM(dim=6, seed=3)


def _trained_adapter(rank=2, alpha=None) -> LoRA:
    return LoRA(_base(), rank, alpha=alpha, seed=1).fit(DOCS, Budget(steps=3, batch=4, lr=0.05))


def _numerical(loss, values, j, eps=1e-6):
    """Central difference of ``loss()`` in ``values[j]`` (a row of parameters, changed in place and restored)."""
    x = values[j]
    values[j] = x + eps
    up = loss()
    values[j] = x - eps
    down = loss()
    values[j] = x
    return (up - down) / (2 * eps)


@pytest.mark.parametrize("alpha", [None, 5.0])
def test_adapter_gradients_match_finite_differences(alpha):
    adapter = _trained_adapter(alpha=alpha)
    batch = [adapter.base.encode(d) for d in DOCS[:3]]
    _, grads = adapter.loss_and_grads(batch)
    stock = adapter.base.index["stock"]
    for matrix in MATRICES:
        for factor, i, j in (("A", 0, 0), ("A", 1, 4), ("B", 5, 0), ("B", stock if matrix != "W" else 3, 1), ("B", 0, 1)):
            name = f"{matrix}.{factor}"
            numerical = _numerical(lambda: adapter.loss_and_grads(batch)[0], adapter.params[name][i], j)
            assert math.isclose(grads[name][i][j], numerical, rel_tol=1e-4, abs_tol=1e-8), (name, i, j)


def test_factored_gradient_matches_a_numerical_one():
    lm = _base()
    batch = [lm.encode(d) for d in DOCS[:3]]
    _, parts = lm.backprop(batch)
    for name in MATRICES:
        dense = parts[name].dense()
        rows, cols = len(dense), len(dense[0])
        # The largest entry (never a row the batch leaves at zero) and two fixed ones.
        largest = max(((i, j) for i in range(rows) for j in range(cols)), key=lambda ij: abs(dense[ij[0]][ij[1]]))
        assert abs(dense[largest[0]][largest[1]]) > 1e-6, name
        for i, j in (largest, (0, 0), (rows - 1, cols - 1)):
            numerical = _numerical(lambda: lm.backprop(batch)[0], lm.params[name][i], j)
            assert math.isclose(dense[i][j], numerical, rel_tol=1e-4, abs_tol=1e-8), (name, i, j)


def test_untrained_adapter_is_the_base_model():
    base = _base()
    adapter = LoRA(base, 3)
    assert adapter.merged().params == base.params
    assert math.isclose(adapter.perplexity(DOCS), base.perplexity(DOCS), rel_tol=1e-12)


def test_merged_model_scores_like_the_adapter():
    adapter = _trained_adapter()
    assert math.isclose(adapter.merged().perplexity(DOCS), adapter.perplexity(DOCS), rel_tol=1e-9)


def test_training_leaves_the_base_untouched():
    base = _base()
    before = base.copy().params
    LoRA(base, 2).fit(DOCS, Budget(steps=2, batch=4, lr=0.05))
    FullFineTune(base).fit(DOCS, Budget(steps=2, batch=4, lr=0.05))
    assert base.params == before


def test_targets_choose_the_adapted_matrices():
    base = _base()
    adapter = LoRA(base, 2, targets=("U",)).fit(DOCS, Budget(steps=3, batch=4, lr=0.05))
    merged = adapter.merged()
    assert sorted(adapter.params) == ["U.A", "U.B"]
    assert merged.params["U"] != base.params["U"]
    assert all(merged.params[k] == base.params[k] for k in base.params if k != "U")


def test_adapter_training_lowers_perplexity_on_its_text():
    adapter = _trained_adapter()
    assert adapter.perplexity(DOCS) < _base().perplexity(DOCS)


def test_same_seed_same_adapter():
    assert _trained_adapter().params == _trained_adapter().params


def test_scale_is_rank_stabilised_unless_alpha_is_given():
    base = _base()
    assert [LoRA(base, r).scale for r in (1, 4)] == [1.0, 0.5]
    assert LoRA(base, 4, alpha=8.0).scale == 2.0


def test_trainable_parameters():
    base = _base()
    V, d = len(base.vocab), base.dim
    # Four V x d matrices (three embeddings and U) and the d x d matrix W.
    assert LoRA(base, 2).trainable_parameters() == 2 * (4 * (V + d) + 2 * d)
    assert LoRA(base, 2, targets=("U",)).trainable_parameters() == 2 * (V + d)
    assert FullFineTune(base).trainable_parameters() == base.trainable_parameters()


def test_adapter_step_costs_less_than_a_full_step():
    base = _base()
    with compute.measure() as adapter_cost:
        LoRA(base, 1).fit(DOCS, Budget(steps=4, batch=4, lr=0.05))
    with compute.measure() as full_cost:
        FullFineTune(base).fit(DOCS, Budget(steps=4, batch=4, lr=0.05))
    # The backward pass still runs through every layer but forms no gradient of a frozen weight;
    # the optimiser updates (and keeps state for) the adapter's few weights only.
    assert adapter_cost.by_kind["backward"] < full_cost.by_kind["backward"]
    assert adapter_cost.by_kind["update"] < full_cost.by_kind["update"] / 4


def test_l2_pull_keeps_weights_nearer_the_pretrained_ones():
    base = _base()

    def distance(tuner):
        tuned = tuner.fit(DOCS, Budget(steps=4, batch=4, lr=0.05)).merged()
        return sum((a - b) ** 2 for ra, rb in zip(tuned.params["U"], base.params["U"]) for a, b in zip(ra, rb))

    assert distance(FullFineTune(base, anchor=1.0)) < distance(FullFineTune(base))


def test_replay_mixes_general_text_into_batches():
    base = _base()
    general = World(seed=5).corpus("general", 8, seed=1)
    mixed = FullFineTune(base).fit(DOCS, Budget(steps=3, batch=4, lr=0.05), replay=general, mix=0.5).merged()
    plain = FullFineTune(base).fit(DOCS, Budget(steps=3, batch=4, lr=0.05)).merged()
    assert mixed.perplexity(general) < plain.perplexity(general)


@pytest.mark.parametrize(("make", "message"), [
    (lambda b: LoRA(b, 0), "rank must be"),
    (lambda b: LoRA(b, 7), "rank must be between 1 and the model width 6"),
    (lambda b: LoRA(b, 1, targets=("b",)), "targets must name one or more of"),
    (lambda b: LoRA(b, 1, targets=()), "targets must name one or more of"),
    (lambda b: FullFineTune(b, anchor=-1), "anchor must be"),
    (lambda b: FullFineTune(b).fit(DOCS, Budget(steps=1), replay=["a b"], mix=1.5), "mix must be"),
    (lambda b: FullFineTune(b).fit(DOCS, Budget(steps=1), mix=0.5), "mix > 0 needs replay"),
    (lambda b: Budget(steps=0), "steps must be"),
    (lambda b: Budget(steps=1, lr=0), "lr must be"),
    (lambda b: FullFineTune(b).fit(["the"], Budget(steps=1)), "no text of 2 or more tokens"),
])
def test_bad_arguments_raise_clear_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make(_base())


def test_fit_answers_teaches_the_answer_after_the_prompt():
    base = _base()
    pairs = [("the stock was stable . it was", "good"), ("the fund was volatile . it was", "bad")]
    tuned = FullFineTune(base).fit_answers(pairs, Budget(steps=10, batch=2, lr=0.05)).merged()
    for prompt, answer in pairs:
        before = base.next_word_probs(prompt, use_head=False)[answer]
        after = tuned.next_word_probs(prompt, use_head=False)[answer]
        assert after > before + 0.1


def test_fit_answers_rejects_empty_pairs():
    with pytest.raises(ValueError, match="pairs is empty"):
        FullFineTune(_base()).fit_answers([], Budget(steps=1))


@pytest.mark.parametrize("make", [FullFineTune, lambda b: LoRA(b, 2), SoftPrompt])
def test_every_method_is_an_adapter_trained_by_the_one_loop(make):
    adapter = make(_base())
    assert isinstance(adapter, Adapter)
    assert type(adapter).fit is Adapter.fit and type(adapter).fit_answers is Adapter.fit_answers


# ---------------------------------------------------------------- soft prompt

def test_soft_prompt_gradient_matches_finite_differences():
    prompt = SoftPrompt(_base()).fit(DOCS, Budget(steps=2, batch=4, lr=0.05))
    batch = [prompt.base.encode(d) for d in DOCS[:3]]
    _, grads = prompt.loss_and_grads(batch)
    for j in range(prompt.base.dim):
        numerical = _numerical(lambda: prompt.loss_and_grads(batch)[0], prompt.params["s"], j)
        assert math.isclose(grads["s"][j], numerical, rel_tol=1e-4, abs_tol=1e-8)


def test_soft_prompt_weighted_loss_and_gradient_are_those_of_its_merged_model():
    prompt = SoftPrompt(_base()).fit(DOCS, Budget(steps=2, batch=4, lr=0.05))
    batch = [prompt.base.encode(d) for d in DOCS[:2]]
    weights = [[float(t % 2) for t in range(len(ids) - 1)] for ids in batch]   # every other token counts
    loss, grads = prompt.loss_and_grads(batch, weights)
    assert math.isclose(loss, prompt.merged().batch_loss_and_grads(batch, weights)[0], rel_tol=1e-9)
    assert not math.isclose(loss, prompt.loss_and_grads(batch)[0], rel_tol=1e-6)
    for j in range(prompt.base.dim):
        numerical = _numerical(lambda: prompt.loss_and_grads(batch, weights)[0], prompt.params["s"], j)
        assert math.isclose(grads["s"][j], numerical, rel_tol=1e-4, abs_tol=1e-8)


def test_soft_prompt_folds_into_the_biases_exactly():
    prompt = SoftPrompt(_base()).fit(DOCS, Budget(steps=3, batch=4, lr=0.05))
    batch = [prompt.base.encode(d) for d in DOCS]
    loss, _ = prompt.loss_and_grads(batch)
    merged_loss, _ = prompt.merged().batch_loss_and_grads(batch)
    assert math.isclose(loss, merged_loss, rel_tol=1e-9)
    assert prompt.trainable_parameters() == prompt.base.dim


def test_soft_prompt_starts_at_the_base_and_learns():
    base = _base()
    assert SoftPrompt(base).merged().params == base.params
    tuned = SoftPrompt(base).fit(DOCS, Budget(steps=6, batch=4, lr=0.1)).merged()
    assert tuned.perplexity(DOCS) < base.perplexity(DOCS)
