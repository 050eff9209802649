"""The synthetic world: determinism, label noise, domain shift, argument checks."""

from __future__ import annotations

import pytest

from pft.substrate.world import (
    DOMAIN_WORD_RATE, DOMAIN_WORDS, DOMAINS, NEUTRAL, NEUTRAL_RATE, OPPOSITE_RATE, VOCAB, World, polarity, tokenize,
)


def test_same_seed_same_examples_and_corpus():
    assert World(seed=3).examples("movies", 20, seed=1) == World(seed=3).examples("movies", 20, seed=1)
    assert World(seed=3).corpus("finance", 20, seed=1) == World(seed=3).corpus("finance", 20, seed=1)
    assert World(seed=3).examples("movies", 20, seed=1) != World(seed=4).examples("movies", 20, seed=1)


def test_every_token_is_in_the_vocabulary():
    world = World(seed=1)
    for domain in DOMAINS:
        for text in world.corpus(domain, 50, seed=2) + [e.text for e in world.examples(domain, 50, seed=2)]:
            assert "<unk>" not in tokenize(text), text
    assert len(VOCAB) == len(set(VOCAB)) and len(VOCAB) < 400


def test_label_noise_flips_labels_but_not_texts():
    clean = World(seed=2, noise=0.0).examples("general", 400, seed=5)
    noisy = World(seed=2, noise=0.3).examples("general", 400, seed=5)
    assert [e.text for e in clean] == [e.text for e in noisy]
    flipped = sum(a.sentiment != b.sentiment for a, b in zip(clean, noisy)) / len(clean)
    assert 0.2 < flipped < 0.4


def test_domain_shift_words_change_polarity():
    assert polarity("unpredictable", "movies") == "positive"
    assert polarity("unpredictable", "finance") == "negative"
    assert polarity("positive", "medicine") == "negative"
    assert polarity("positive", "general") == "positive"
    assert polarity("good", "support") == "positive"


def test_adjectives_follow_the_named_rates():
    # 3000 reviews hold about 4500 adjectives: a rate's standard error is under 0.01, the margin 0.03.
    examples = World(seed=0).examples("movies", 3000, seed=0)
    slots = [(word, e.sentiment) for e in examples for word in e.text.split()
             if word in NEUTRAL or polarity(word, "movies")]
    polar = [(word, y) for word, y in slots if word not in NEUTRAL]
    assert abs(1 - len(polar) / len(slots) - NEUTRAL_RATE) < 0.03
    assert abs(sum(polarity(w, "movies") != y for w, y in polar) / len(slots) - OPPOSITE_RATE) < 0.03
    own = sum(w in DOMAIN_WORDS["movies"][polarity(w, "movies")] for w, _ in polar) / len(polar)
    assert abs(own - DOMAIN_WORD_RATE) < 0.03


def test_mixed_examples_cover_every_topic():
    topics = {e.topic for e in World(seed=0).examples("mixed", 200, seed=0)}
    assert topics == set(DOMAINS)


def test_facts_are_new_or_known():
    world = World(seed=0)
    new, known = world.facts(6, seed=1), world.facts(8, known=True)
    corpus = " ".join(world.corpus("general", 1000, seed=0))
    assert all(f.place not in corpus for f in new)
    assert any(f.place in corpus for f in known)
    assert new[0].question().endswith(" is") and new[0].city in new[0].sentences(3)[2]


@pytest.mark.parametrize("call, message", [
    (lambda: World(noise=1.5), "noise must be"),
    (lambda: World(seed=-1), "seed must be"),
    (lambda: World().examples("cooking", 3), "domain must be one of"),
    (lambda: World().examples("movies", 0), "n must be"),
    (lambda: World().corpus("movies", 0), "n_sentences must be"),
    (lambda: World().facts(9), "n must be one of"),
])
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
