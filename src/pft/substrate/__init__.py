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

from pft._exports import lazy

__getattr__, __dir__, __all__ = lazy(__name__, {
    "checks": ("check_choice", "check_number", "check_positive_int", "check_probability"),
    "compute": (),
    "induction": ("InductionHead",),
    "lm": ("MATRICES", "Grads", "Outer", "TinyLM", "Trace", "use_pretrained"),
    "maths": ("PROB_FLOOR", "log_sum_exp", "rng", "shifted_exp", "softmax"),
    "optim": ("Adam", "batch_at", "sgd_step"),
    "pretraining": ("CONFIG", "fingerprint", "pretrain"),
    "svd": ("directions", "truncate"),
    "world": (
        "CORPUS_FACT_FRAMES", "CROSS_DOMAIN_RATE", "DOMAIN_WORD_RATE", "DOMAINS", "FACT_RATE", "NEUTRAL_RATE",
        "OPPOSITE_RATE", "SENTIMENTS", "SUMMARIES", "SUMMARY_AGREEMENT", "SUMMARY_RATE", "VOCAB", "Example", "Fact",
        "World", "polarity", "tokenize",
    ),
})
