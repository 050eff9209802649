"""The model substrate: the synthetic world, the tiny language model and what it is built from.

Everything else in `pft` stands on this layer and it imports nothing from above it:

- [`world`][pft.substrate.world]: the synthetic corpus, labelled examples and facts;
- [`lm`][pft.substrate.lm] and [`induction`][pft.substrate.induction]: the tiny language
  model and the attention head that copies from the context;
- [`pretraining`][pft.substrate.pretraining]: how the shipped weights were trained;
- [`optim`][pft.substrate.optim], [`svd`][pft.substrate.svd],
  [`compute`][pft.substrate.compute], [`maths`][pft.substrate.maths],
  [`checks`][pft.substrate.checks]: the optimiser, low-rank cuts, multiply-add counting,
  shared maths and argument checks.
"""

from pft.substrate import compute
from pft.substrate.checks import check_choice, check_number, check_positive_int, check_probability
from pft.substrate.induction import InductionHead
from pft.substrate.lm import MATRICES, Grads, Outer, TinyLM, Trace
from pft.substrate.maths import PROB_FLOOR, log_sum_exp, rng, shifted_exp, softmax
from pft.substrate.optim import Adam, batch_at, sgd_step
from pft.substrate.pretraining import CONFIG, fingerprint, pretrain
from pft.substrate.svd import directions, truncate
from pft.substrate.world import (
    CORPUS_FACT_FRAMES, CROSS_DOMAIN_RATE, DOMAIN_WORD_RATE, DOMAINS, FACT_RATE, NEUTRAL_RATE, OPPOSITE_RATE,
    SENTIMENTS, SUMMARIES, SUMMARY_AGREEMENT, SUMMARY_RATE, VOCAB, Example, Fact, World, polarity, tokenize,
)

__all__ = [
    "CONFIG", "CORPUS_FACT_FRAMES", "CROSS_DOMAIN_RATE", "DOMAINS", "DOMAIN_WORD_RATE", "FACT_RATE", "MATRICES",
    "NEUTRAL_RATE", "OPPOSITE_RATE", "PROB_FLOOR", "SENTIMENTS", "SUMMARIES", "SUMMARY_AGREEMENT", "SUMMARY_RATE",
    "VOCAB",
    "Adam", "Example", "Fact", "Grads", "InductionHead", "Outer", "TinyLM", "Trace", "World",
    "batch_at", "check_choice", "check_number", "check_positive_int", "check_probability", "compute",
    "directions", "fingerprint", "log_sum_exp", "polarity", "pretrain", "rng", "sgd_step", "shifted_exp",
    "softmax", "tokenize", "truncate",
]
