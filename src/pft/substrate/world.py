"""A small synthetic text world: five domains, sentiment and topic labels, domain shift.

API (stable; other modules build on it):

- `Example(text, sentiment, topic, domain)`: a frozen dataclass.
- `World(seed=0, noise=0.0)`: `.examples(domain, n, seed)` labelled examples,
  `.corpus(domain, n_sentences, seed)` unlabelled documents (one string each),
  `.facts(n, seed, known=False)` invented facts for knowledge experiments.
- `tokenize(text)`, `VOCAB` (every token the world can produce, fixed order),
  `DOMAINS`, `SENTIMENTS`, `polarity(word, domain)`.

Generative process of one labelled example in domain D (all draws from a
`random.Random` seeded by the world seed, the domain and the call's seed):

1. The sentiment y is positive or negative with equal probability; the topic is D
   (so a topic task mixes domains: `examples("mixed", ...)`).
2. A sentence frame is drawn (e.g. "the {noun} was {adj} .") and its noun from
   D's nouns.
3. Each adjective slot is filled with a word of polarity y, except that with
   probability `OPPOSITE_RATE` it gets a word of the opposite polarity (texts are
   not all clear-cut) and with probability `NEUTRAL_RATE` a neutral word. A polar
   word comes from D's own lexicon with probability `DOMAIN_WORD_RATE`, else from
   the shared lexicon.
4. With probability `noise`, the stored label is flipped (label noise; the text
   is not changed).

Domain shift is built in: some words are shared by several domains with
opposite polarity ("unpredictable" praises a film but warns about a stock; a
"positive" test is bad news in medicine, "negative" good news). The unlabelled
corpus adds, after a review sentence and with probability `SUMMARY_RATE`, a summary
sentence such as "it was good ." or "i felt happy ." (`SUMMARIES`), agreeing with the
review with probability `SUMMARY_AGREEMENT`; that is where a language model learns
which words follow a review, which is what prompting relies on. The general-domain
corpus also mentions other domains' nouns (`CROSS_DOMAIN_RATE` of its sentences), but
only with shared words, as web text would: a model pretrained on it has never seen
"gripping" or "volatile". A share `FACT_RATE` of its sentences state known facts.

The module stays whole (a little over 300 lines) because the word lists, the rates and
the sampling code are one generative process, read together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pft.substrate.checks import check_choice, check_positive_int, check_probability
from pft.substrate.maths import rng

__all__ = [
    "CORPUS_FACT_FRAMES", "CROSS_DOMAIN_RATE", "DOMAINS", "DOMAIN_WORD_RATE", "Example", "FACT_RATE", "Fact",
    "NEUTRAL_RATE", "OPPOSITE_RATE", "SENTIMENTS", "SUMMARIES", "SUMMARY_AGREEMENT", "SUMMARY_RATE", "VOCAB",
    "World", "polarity", "tokenize",
]

DOMAINS = ("general", "movies", "finance", "medicine", "support")
SENTIMENTS = ("positive", "negative")

NOUNS = {
    "general": ("food", "day", "weather", "trip", "party", "walk", "house", "meal", "garden", "weekend"),
    "movies": ("film", "plot", "acting", "ending", "cast", "script", "scene", "soundtrack", "director", "sequel"),
    "finance": ("stock", "market", "fund", "earnings", "portfolio", "shares", "bond", "outlook", "quarter", "returns"),
    "medicine": ("test", "scan", "patient", "recovery", "treatment", "dose", "biopsy", "symptoms", "result", "clinic"),
    "support": ("ticket", "agent", "refund", "app", "login", "reply", "update", "order", "account", "chat"),
}

SHARED = {
    "positive": ("good", "great", "excellent", "wonderful", "nice", "superb", "solid", "lovely", "pleasant", "fine"),
    "negative": ("bad", "terrible", "awful", "poor", "horrible", "weak", "dreadful", "disappointing", "lousy", "sad"),
}
NEUTRAL = ("new", "usual", "big", "ok", "early", "late")

# Domain words; several appear in more than one domain with opposite polarity.
DOMAIN_WORDS = {
    domain: {"positive": tuple(positive.split()), "negative": tuple(negative.split())}
    for domain, positive, negative in (
        ("general", "sunny warm fun quiet positive relaxing", "cold boring noisy unpredictable negative rainy"),
        ("movies", "gripping moving unpredictable clever funny stunning", "predictable slow long boring clumsy dull"),
        ("finance", "stable predictable high rising strong profitable", "unpredictable volatile low falling risky quiet"),
        ("medicine", "negative low stable clear mild healing", "positive high rising spreading severe chronic"),
        ("support", "fast quick helpful resolved friendly smooth", "slow long rude broken useless ignored"),
    )
}

FRAMES = (
    "the {noun} was {adj} .",
    "the {noun} was {adj} and {adj} .",
    "i found the {noun} {adj} .",
    "this {noun} is {adj} .",
    "a {adj} {noun} and a {adj} {noun2} .",
    "the {noun} is {adj} , the {noun2} {adj} .",
)

SUMMARIES = (
    ("it was {w} .", "good", "bad", 0.35),
    ("overall it was {w} .", "great", "terrible", 0.2),
    ("i felt {w} .", "happy", "unhappy", 0.15),
    ("my verdict : {w} .", "yes", "no", 0.1),
    ("in short , {w} .", "positive", "negative", 0.05),
    ("so i would say {w} .", "fine", "poor", 0.15),
)
"""Summary sentences that may follow a review in the unlabelled corpus: (frame, positive word,
negative word, relative frequency). Their frequencies are what makes some prompt templates
(`pft.adapt.prompting.TEMPLATES`, derived from these) work better than others for a model
pretrained on this corpus."""

NEUTRAL_RATE = 0.1
"""Probability that an adjective slot gets a neutral word."""
OPPOSITE_RATE = 0.12
"""Probability that an adjective slot gets a word of the opposite polarity."""
DOMAIN_WORD_RATE = 0.45
"""Probability that a polar word comes from the domain's own lexicon rather than the shared one."""
SUMMARY_RATE = 0.8
"""Probability that a corpus document adds a summary sentence after its review sentence."""
SUMMARY_AGREEMENT = 0.9
"""Probability that the summary agrees with the review's sentiment."""
CROSS_DOMAIN_RATE = 0.3
"""Share of general-corpus sentences about another domain's nouns (in shared words only)."""
FACT_RATE = 0.08
"""Share of general-corpus documents that state a known fact."""
CORPUS_FACT_FRAMES = 3
"""How many of `FACT_FRAMES` the general corpus states known facts with (the others are new to the model)."""

# Invented names for facts. Known ones appear in the pretraining corpus; new ones never do.
KNOWN_PLACES = ("aldor", "brevia", "corvale", "dunmore", "elstow", "farrow", "glenhaven", "harlow")
KNOWN_CITIES = ("ardent", "belmont", "cresk", "dovetown", "easton", "fennick", "galway", "hollin")
NEW_PLACES = ("zorbia", "quenlor", "vastmark", "orlune", "tressia", "ulmarra", "yvendor", "kestria")
NEW_CITIES = ("velmar", "pontissa", "drakmoor", "selvan", "mirith", "caldris", "norwen", "thalos")

FACT_FRAMES = (
    "the capital of {place} is {city} .",
    "{place} has its capital in {city} .",
    "{city} is the capital of {place} .",
    "in {place} , the capital city is {city} .",
    "people in {place} call {city} their capital .",
)
QUESTION_FRAME = "the capital of {place} is"

EXTRA = (
    "the", "a", "was", "is", "it", "i", "this", "and", "but", "very", "so", "felt", "found", "my",
    "of", "to", "in", "overall", "short", "would", "say", "verdict", "review", "sentiment", "answer",
    "or", "text", "label", "question", "yes", "no", "happy", "unhappy", "capital", "has", "its",
    "city", "people", "call", "their", "n/a", ".", ",", ":", "?", "<unk>",
)


def _build_vocab() -> tuple[str, ...]:
    words: list[str] = []
    groups = [EXTRA, NEUTRAL, SHARED["positive"], SHARED["negative"]]
    for domain in DOMAINS:
        groups += [NOUNS[domain], DOMAIN_WORDS[domain]["positive"], DOMAIN_WORDS[domain]["negative"]]
    groups += [KNOWN_PLACES, KNOWN_CITIES, NEW_PLACES, NEW_CITIES]
    for group in groups:
        for word in group:
            if word not in words:
                words.append(word)
    return tuple(words)


VOCAB: tuple[str, ...] = _build_vocab()
"""Every token the world produces, in a fixed order (the language model's vocabulary)."""

_TOKEN = re.compile(r"[a-z/<>]+|[.,:?]")


def tokenize(text: str) -> list[str]:
    """Lower-case word and punctuation tokens; words outside `VOCAB` become "<unk>"."""
    known = _VOCAB_SET
    return [t if t in known else "<unk>" for t in _TOKEN.findall(text.lower())]


_VOCAB_SET = frozenset(VOCAB)


def polarity(word: str, domain: str) -> str | None:
    """"positive", "negative" or None: what `word` signals in `domain`."""
    check_choice("domain", domain, DOMAINS)
    for sentiment in SENTIMENTS:
        if word in DOMAIN_WORDS[domain][sentiment] or word in SHARED[sentiment]:
            return sentiment
    return None


@dataclass(frozen=True)
class Example:
    """One labelled text: what it says, its labels and the domain it came from."""

    text: str
    sentiment: str
    topic: str
    domain: str


@dataclass(frozen=True)
class Fact:
    """An invented fact "the capital of `place` is `city`", with its paraphrases."""

    place: str
    city: str

    def sentences(self, n: int = 1) -> list[str]:
        """The first `n` paraphrases (1 to 5) stating the fact."""
        check_choice("n", n, range(1, len(FACT_FRAMES) + 1))
        return [f.format(place=self.place, city=self.city) for f in FACT_FRAMES[:n]]

    def question(self) -> str:
        """The prompt whose next word is the answer."""
        return QUESTION_FRAME.format(place=self.place)


class World:
    """The synthetic world. `seed` fixes every sampling stream; `noise` flips labels."""

    def __init__(self, seed: int = 0, noise: float = 0.0) -> None:
        check_positive_int("seed", seed, minimum=0)
        check_probability("noise", noise)
        self.seed = seed
        self.noise = noise

    def _rng(self, *parts: object):
        return rng(":".join(str(p) for p in (self.seed, *parts)))

    def _adjective(self, r, domain: str, sentiment: str, *, shared_only: bool = False) -> str:
        u = r.random()
        if u < NEUTRAL_RATE:
            return r.choice(NEUTRAL)
        if u < NEUTRAL_RATE + OPPOSITE_RATE:
            sentiment = "negative" if sentiment == "positive" else "positive"
        if not shared_only and r.random() < DOMAIN_WORD_RATE:
            return r.choice(DOMAIN_WORDS[domain][sentiment])
        return r.choice(SHARED[sentiment])

    def _sentence(self, r, domain: str, sentiment: str, *, noun_domain: str | None = None,
                  shared_only: bool = False) -> str:
        nouns = NOUNS[noun_domain or domain]
        frame = r.choice(FRAMES)
        noun, noun2 = r.sample(nouns, 2)
        text = frame.replace("{noun}", noun, 1).replace("{noun2}", noun2, 1)
        while "{adj}" in text:
            text = text.replace("{adj}", self._adjective(r, domain, sentiment, shared_only=shared_only), 1)
        return text

    def examples(self, domain: str, n: int, seed: int = 0) -> list[Example]:
        """`n` labelled examples from `domain` (one of `DOMAINS`, or "mixed" for all five)."""
        check_choice("domain", domain, (*DOMAINS, "mixed"))
        check_positive_int("n", n)
        r = self._rng("examples", domain, seed)
        out = []
        for _ in range(n):
            d = r.choice(DOMAINS) if domain == "mixed" else domain
            y = r.choice(SENTIMENTS)
            text = self._sentence(r, d, y)
            if r.random() < self.noise:
                y = "negative" if y == "positive" else "positive"
            out.append(Example(text=text, sentiment=y, topic=d, domain=d))
        return out

    def corpus(self, domain: str, n_sentences: int, seed: int = 0) -> list[str]:
        """Unlabelled documents from `domain`: a review sentence, often followed by a summary.

        The general-domain corpus also contains sentences about the other domains'
        nouns written with shared words only, and sentences stating known facts.
        """
        check_choice("domain", domain, DOMAINS)
        check_positive_int("n_sentences", n_sentences)
        r = self._rng("corpus", domain, seed)
        weights = [s[3] for s in SUMMARIES]
        docs = []
        for _ in range(n_sentences):
            y = r.choice(SENTIMENTS)
            if domain == "general" and r.random() < FACT_RATE:
                place, city = r.choice(list(zip(KNOWN_PLACES, KNOWN_CITIES)))
                docs.append(r.choice(FACT_FRAMES[:CORPUS_FACT_FRAMES]).format(place=place, city=city))
                continue
            if domain == "general" and r.random() < CROSS_DOMAIN_RATE:
                text = self._sentence(r, "general", y, noun_domain=r.choice(DOMAINS[1:]), shared_only=True)
            else:
                text = self._sentence(r, domain, y)
            if r.random() < SUMMARY_RATE:
                frame, pos, neg, _ = r.choices(SUMMARIES, weights)[0]
                agree = r.random() < SUMMARY_AGREEMENT
                word = pos if (y == "positive") == agree else neg
                text += " " + frame.format(w=word)
            docs.append(text)
        return docs

    def facts(self, n: int, seed: int = 0, known: bool = False) -> list[Fact]:
        """`n` invented facts (at most as many as `NEW_PLACES`); `known=True` gives those the general corpus states."""
        check_choice("n", n, range(1, len(NEW_PLACES) + 1))
        if known:
            pairs = list(zip(KNOWN_PLACES, KNOWN_CITIES))
            return [Fact(p, c) for p, c in pairs[:n]]
        r = self._rng("facts", seed)
        places = r.sample(NEW_PLACES, n)
        cities = r.sample(NEW_CITIES, n)
        return [Fact(p, c) for p, c in zip(places, cities)]
