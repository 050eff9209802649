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
from pft.substrate.checks import check_choice, check_positive_int, check_probability
from pft.substrate.induction import InductionHead
from pft.substrate.lm import MATRICES, Grads, Outer, TinyLM, Trace
from pft.substrate.maths import rng
from pft.substrate.optim import Adam, batch_at, sgd_step
from pft.substrate.pretraining import CONFIG, fingerprint, pretrain
from pft.substrate.svd import directions, truncate
from pft.substrate.world import DOMAINS, SENTIMENTS, SUMMARIES, VOCAB, Example, Fact, World, polarity, tokenize

__all__ = [
    "CONFIG", "DOMAINS", "MATRICES", "SENTIMENTS", "SUMMARIES", "VOCAB",
    "Adam", "Example", "Fact", "Grads", "InductionHead", "Outer", "TinyLM", "Trace", "World",
    "batch_at", "check_choice", "check_positive_int", "check_probability", "compute", "directions",
    "fingerprint", "polarity", "pretrain", "rng", "sgd_step", "tokenize", "truncate",
]
