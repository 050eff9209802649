"""Logistic regression: gradients, determinism, prompt prior, argument checks."""

from __future__ import annotations

import math

import pytest

from pft.adapt.linear import Fitting, LogisticRegression, bag_of_words, memoize
from pft.substrate import compute
from pft.substrate.world import VOCAB, World

LABELS = ("positive", "negative")


class FixedPrior:
    """A stand-in prompted model: fixed label probabilities that depend on the text length."""

    labels = LABELS

    def __init__(self):
        self.calls = 0

    def predict_proba(self, text: str) -> dict[str, float]:
        self.calls += 1
        p = 0.2 + 0.6 * (len(text) % 7) / 6
        return {"positive": p, "negative": 1 - p}

    def predict(self, text):
        return max(self.predict_proba(text).items(), key=lambda kv: kv[1])[0]

    def trainable_parameters(self):
        return 0


def _trained(prior=None, n=12):
    examples = World(seed=3).examples("movies", n, seed=1)
    model = LogisticRegression(LABELS, prior=prior, fitting=Fitting(steps=5, l2=0.01))
    return model.fit(examples), examples


@pytest.mark.parametrize("with_prior", [False, True])
def test_gradients_match_finite_differences(with_prior):
    model, examples = _trained(memoize(FixedPrior()) if with_prior else None)
    _, grads = model.loss_and_grads(examples)
    eps = 1e-6
    features = sorted({j for ex in examples for j, _ in bag_of_words(ex.text)})[:6] + [len(VOCAB) - 1]

    def numeric(get, set_):
        x = get()
        set_(x + eps)
        up, _ = model.loss_and_grads(examples)
        set_(x - eps)
        down, _ = model.loss_and_grads(examples)
        set_(x)
        return (up - down) / (2 * eps)

    for k in range(len(LABELS)):
        for j in features:
            num = numeric(lambda: model.W[k][j], lambda v: model.W[k].__setitem__(j, v))
            assert math.isclose(grads["W"][k][j], num, rel_tol=1e-4, abs_tol=1e-7)
        num = numeric(lambda: model.b[k], lambda v: model.b.__setitem__(k, v))
        assert math.isclose(grads["b"][k], num, rel_tol=1e-4, abs_tol=1e-7)
    if with_prior:
        num = numeric(lambda: model.scale, lambda v: setattr(model, "scale", v))
        assert math.isclose(grads["scale"], num, rel_tol=1e-4, abs_tol=1e-7)


def test_untrained_model_with_prior_predicts_exactly_the_prior():
    prompted = FixedPrior()
    model = LogisticRegression(prompted.labels, prior=memoize(prompted))
    for ex in World(seed=2).examples("finance", 10):
        got = model.predict_proba(ex.text)
        want = FixedPrior().predict_proba(ex.text)
        assert all(math.isclose(got[y], want[y], abs_tol=1e-12) for y in LABELS)


def test_untrained_model_without_prior_is_uniform():
    model = LogisticRegression(LABELS)
    assert model.predict_proba("the film was good .") == {"positive": 0.5, "negative": 0.5}


def test_probabilities_sum_to_one():
    model, examples = _trained(memoize(FixedPrior()))
    for ex in examples:
        assert math.isclose(sum(model.predict_proba(ex.text).values()), 1.0)


def test_training_lowers_the_loss():
    examples = World(seed=4).examples("support", 40, seed=2)
    model = LogisticRegression(LABELS)
    before, _ = model.loss_and_grads(examples)
    after, _ = model.fit(examples).loss_and_grads(examples)
    assert after < before - 0.1


def test_same_data_same_model():
    a, _ = _trained(memoize(FixedPrior()))
    b, _ = _trained(memoize(FixedPrior()))
    assert a.W == b.W and a.b == b.b and a.scale == b.scale


def test_memoize_calls_the_prompt_once_per_text():
    prompted = FixedPrior()
    prior = memoize(prompted)
    for _ in range(3):
        prior("the film was good .")
    assert prompted.calls == 1


def test_fit_on_nothing_leaves_the_model_unchanged():
    model = LogisticRegression(LABELS).fit([])
    assert model.b == [0.0, 0.0] and not any(any(row) for row in model.W)


def test_trainable_parameters_count_weights_biases_and_scale():
    assert LogisticRegression(LABELS).trainable_parameters() == 2 * (len(VOCAB) + 1)
    assert LogisticRegression(LABELS, prior=memoize(FixedPrior())).trainable_parameters() == 2 * (len(VOCAB) + 1) + 1


def test_training_cost_is_counted():
    examples = World(seed=4).examples("support", 10, seed=2)
    costs = []
    for steps in (3, 6):
        with compute.measure() as cost:
            LogisticRegression(LABELS, fitting=Fitting(steps=steps)).fit(examples)
        costs.append(cost)
    assert costs[0].by_kind["forward"] > 0 and costs[0].by_kind["backward"] == costs[0].by_kind["forward"]
    assert costs[1].madds == 2 * costs[0].madds


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ("a",)}, "at least two distinct"),
        ({"labels": ("a", "a")}, "at least two distinct"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    args = {"labels": LABELS, **kwargs}
    with pytest.raises(ValueError, match=message):
        LogisticRegression(args.pop("labels"), **args)


@pytest.mark.parametrize(("kwargs", "message"),
                         [({"lr": 0}, "lr must be"), ({"steps": 0}, "steps must be"), ({"l2": -1.0}, "l2 must be")])
def test_bad_fitting_raises_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Fitting(**kwargs)


def test_unknown_label_in_training_data_is_an_error():
    examples = World(seed=1).examples("mixed", 5)
    with pytest.raises(ValueError, match="is not one of"):
        LogisticRegression(LABELS, task="topic").fit(examples)


class BackwardsPrior(FixedPrior):
    """A prompt that is always confidently wrong about the training labels."""

    def predict_proba(self, text):
        return {"positive": 0.1, "negative": 0.9} if "good" in text or "great" in text else {"positive": 0.9, "negative": 0.1}


def test_a_misleading_prompt_is_silenced_not_inverted():
    examples = [ex for ex in World(seed=6).examples("general", 200, seed=3) if "good" in ex.text or "great" in ex.text]
    model = LogisticRegression(LABELS, prior=memoize(BackwardsPrior()), fitting=Fitting(steps=60)).fit(examples)
    assert 0.0 <= model.scale < 0.5
