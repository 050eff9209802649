"""The tiny language model: gradients, probabilities, determinism, counted cost, errors."""

from __future__ import annotations

import math

import pytest

from pft.substrate import compute
from pft.substrate.induction import InductionHead
from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng

TEXT = "the film was gripping . it was good . i felt happy"


def _small() -> TinyLM:
    return TinyLM(dim=6, seed=2)


@pytest.mark.parametrize("name", ["E_cur", "E_prev", "E_ctx", "W", "b_h", "U", "b"])
def test_gradients_match_finite_differences(name):
    lm = _small()
    ids = lm.encode(TEXT)
    weights = [float(i % 3) for i in range(len(ids) - 1)]
    _, grads = lm.loss_and_grads(ids, weights)
    r, eps = rng(name), 1e-5
    param = lm.params[name]
    for _ in range(4):
        if isinstance(param[0], list):
            i = r.choice(ids) if name.startswith("E") else r.randrange(len(param))
            j = r.randrange(len(param[0]))
            row, analytic = param[i], grads[name][i][j]
        else:
            row, j = param, r.randrange(len(param))
            analytic = grads[name][j]
        old = row[j]
        row[j] = old + eps
        up, _ = lm.loss_and_grads(ids, weights)
        row[j] = old - eps
        down, _ = lm.loss_and_grads(ids, weights)
        row[j] = old
        assert analytic == pytest.approx((up - down) / (2 * eps), rel=1e-4, abs=1e-8)


def test_batch_gradient_is_the_token_weighted_mean():
    lm = _small()
    a, b = lm.encode("the film was good ."), lm.encode("i found the plot dull . it was bad .")
    loss, grads = lm.batch_loss_and_grads([a, b])
    la, ga = lm.loss_and_grads(a)
    lb, gb = lm.loss_and_grads(b)
    wa, wb = (len(a) - 1) / (len(a) + len(b) - 2), (len(b) - 1) / (len(a) + len(b) - 2)
    assert loss == pytest.approx(wa * la + wb * lb)
    assert grads["U"][3][1] == pytest.approx(wa * ga["U"][3][1] + wb * gb["U"][3][1])


@pytest.mark.parametrize("context", [TEXT, "the capital of aldor is", ["it was good .", "the plot was dull . it was"]])
def test_next_word_probabilities_sum_to_one(context):
    lm = TinyLM.pretrained()
    for use_head in (True, False):
        probs = lm.next_word_probs(context, use_head=use_head)
        assert len(probs) == len(lm.vocab)
        assert sum(probs.values()) == pytest.approx(1.0)
        assert all(p >= 0 for p in probs.values())


def test_same_seed_same_model_and_copies_are_independent():
    assert TinyLM(seed=4).params == TinyLM(seed=4).params
    assert TinyLM(seed=4).params != TinyLM(seed=5).params
    lm = TinyLM.pretrained()
    other = lm.copy()
    other.params["U"][0][0] += 1.0
    assert lm.params["U"][0][0] != other.params["U"][0][0]
    assert TinyLM.pretrained().params["U"][0][0] == lm.params["U"][0][0]


def test_trainable_parameters_counts_every_weight():
    lm = TinyLM(dim=4)
    v = len(lm.vocab)
    assert lm.trainable_parameters() == 4 * v * 4 + 4 * 4 + 4 + v


def test_counted_multiply_adds_match_the_formulas():
    lm = _small()
    ids = lm.encode(TEXT)
    with compute.measure() as cost:
        lm.loss_and_grads(ids)
    assert cost.by_kind["forward"] == lm.forward_macs(len(ids))
    assert cost.by_kind["backward"] == lm.backward_macs(len(ids))
    with compute.measure() as cost:
        lm.next_word_probs(ids)
    assert 0 < cost.madds <= lm.inference_macs(len(ids))


def test_training_lowers_the_loss():
    lm = _small()
    ids = lm.encode(TEXT)
    before, grads = lm.loss_and_grads(ids)
    for name, g in grads.items():
        p = lm.params[name]
        lm.params[name] = [[x - 0.5 * y for x, y in zip(pr, gr)] for pr, gr in zip(p, g)] if isinstance(p[0], list) \
            else [x - 0.5 * y for x, y in zip(p, g)]
    assert lm.loss_and_grads(ids)[0] < before


def test_pretrained_model_prefers_in_domain_text():
    lm = TinyLM.pretrained()
    assert lm.perplexity(["the food was lovely . it was good ."]) < lm.perplexity(["good it . lovely was food the ."])
    assert math.isfinite(lm.perplexity(["the stock was volatile ."]))


def test_induction_head_copies_what_followed_a_match():
    lm = TinyLM.pretrained()
    probs = lm.next_word_probs(["the capital of zorbia is velmar .", "the capital of zorbia is"], top=1)
    assert next(iter(probs)) == "velmar"
    assert lm.next_word_probs("the capital of zorbia is", use_head=False)["velmar"] < 0.01


@pytest.mark.parametrize("call, message", [
    (lambda: TinyLM(dim=0), "dim must be"),
    (lambda: TinyLM(decay=1.0), "decay must be"),
    (lambda: TinyLM(context_size=2), "context_size must be"),
    (lambda: _small().loss_and_grads([3]), "at least 2 tokens"),
    (lambda: _small().loss_and_grads([3, 4, 5], [1.0]), "weights must have"),
    (lambda: _small().batch_loss_and_grads([]), "batch is empty"),
    (lambda: _small().perplexity(["the"]), "no token to predict"),
    (lambda: _small().next_word_probs(""), "context is empty"),
    (lambda: _small().next_word_probs("the", top=0), "top must be"),
    (lambda: InductionHead(recency=-1), "recency must be"),
])
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
