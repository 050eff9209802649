"""Prompted classifiers and constrained generation: probabilities, context limit, determinism, errors."""

from __future__ import annotations

import pytest

from pft.adapt.classifier import Classifier, accuracy
from pft.adapt.decoding import generate, obeys
from pft.adapt.prompting import TEMPLATES, PromptClassifier, template_classifier
from pft.substrate.lm import TinyLM
from pft.substrate.world import World

LM = TinyLM.pretrained()
POOL = World(seed=7).examples("general", 40, seed=3)


def test_prompt_classifier_is_a_classifier_with_probabilities_summing_to_one():
    for calibrate in (False, True):
        clf = template_classifier(LM, "it was", demos=POOL[:3], calibrate=calibrate)
        assert isinstance(clf, Classifier)
        assert clf.trainable_parameters() == 0 and clf.labels == ("positive", "negative")
        probs = clf.predict_proba("the meal was lovely .")
        assert sum(probs.values()) == pytest.approx(1.0)
        assert clf.predict("the meal was lovely .") == max(probs, key=probs.get)


def test_zero_shot_prompt_beats_chance_in_its_own_domain():
    test = World(seed=8).examples("general", 60, seed=4)
    assert accuracy(template_classifier(LM, "it was"), test) >= 0.65


def test_demonstrations_past_the_context_are_dropped_oldest_first():
    clf = template_classifier(LM, "it was", demos=POOL)
    assert 0 < len(clf.demos) < len(POOL)
    assert clf.demos == tuple(POOL[-len(clf.demos):])
    assert clf.prompt_tokens <= LM.context_size


def test_demonstration_labels_move_the_prediction():
    text = "the day was ok ."
    positives = [e for e in POOL if e.sentiment == "positive"][:3]
    negatives = [e for e in POOL if e.sentiment == "negative"][:3]
    lean_pos = template_classifier(LM, "it was", demos=positives).predict_proba(text)["positive"]
    lean_neg = template_classifier(LM, "it was", demos=negatives).predict_proba(text)["positive"]
    assert lean_pos > lean_neg + 0.1


def test_generation_is_deterministic_and_constraints_hold():
    prompt = "review : the meal was lovely . sentiment :"
    assert generate(LM, prompt, seed=3) == generate(LM, prompt, seed=3)
    outs = {tuple(generate(LM, prompt, seed=s, temperature=2.0)) for s in range(12)}
    assert len(outs) > 1
    grammar = [("positive", "negative"), (".",)]
    for s in range(12):
        assert obeys(generate(LM, prompt, seed=s, temperature=2.0, grammar=grammar), {"positive", "negative"})
    greedy = generate(LM, prompt, temperature=0, max_tokens=1)
    assert greedy == [next(iter(LM.next_word_probs(prompt, top=1)))]
    assert set(generate(LM, prompt, allowed={"good", "bad", "."}, seed=1)) <= {"good", "bad", "."}


@pytest.mark.parametrize("call, message", [
    (lambda: PromptClassifier(LM, "no slot", {"positive": "good", "negative": "bad"}), "template must contain"),
    (lambda: PromptClassifier(LM, "{text} it was", {"positive": "good"}), "at least 2 labels"),
    (lambda: PromptClassifier(LM, "{text} it was", {"positive": "splendiferous", "negative": "bad"}),
     "not in the vocabulary"),
    (lambda: template_classifier(LM, "shout"), "unknown template"),
    (lambda: generate(LM, "the", max_tokens=0), "max_tokens must be"),
    (lambda: generate(LM, "the", temperature=-1), "temperature must be"),
    (lambda: generate(LM, "the", grammar=[("zzz",)]), "not in the vocabulary"),
    (lambda: generate(LM, "the", allowed=set()), "at least one token"),
    (lambda: generate(LM, ""), "prompt is empty"),
])
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_named_template_has_a_text_slot_and_known_words():
    for template, verbaliser in TEMPLATES.values():
        assert "{text}" in template and all(w in LM.index for w in verbaliser.values())


def test_a_shared_query_cache_changes_no_probability():
    cache: dict = {}
    texts = [ex.text for ex in POOL[10:16]]
    for name in ("it was", "sentiment", "overall"):
        for demos in ((), POOL[:3], POOL[3:5]):
            plain = template_classifier(LM, name, demos=demos, calibrate=True)
            cached = template_classifier(LM, name, demos=demos, calibrate=True, cache=cache)
            for text in texts:
                assert cached.next_token_probs(text) == pytest.approx(plain.next_token_probs(text), rel=1e-12)
                assert cached.predict_proba(text) == pytest.approx(plain.predict_proba(text), rel=1e-12)
    assert ("text", texts[0]) in cache   # templates that start with the text share its states
