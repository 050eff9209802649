"""Sampling text from `pft.substrate.lm.TinyLM`, with temperature, a seed and output constraints.

API: `generate(lm, prompt, max_tokens=6, temperature=1.0, seed=0, allowed=None,
grammar=None, stop=".") -> list[str]` and `obeys(tokens, choices)`.

Constrained decoding sets the probability of every token the constraint forbids
to zero and renormalises before sampling, so the output cannot leave the format.
Two kinds of constraint: `allowed`, one set of tokens for every step, and
`grammar`, a fixed sequence of token sets, one per step (the simplest format
grammar: "one of these words, then a full stop" is `[{"positive",
"negative"}, {"."}]`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pft.substrate.checks import check_number, check_positive_int
from pft.substrate.lm import TinyLM
from pft.substrate.maths import rng

__all__ = ["generate", "obeys"]


def _mask(lm: TinyLM, tokens: Collection[str]) -> set[int]:
    unknown = [t for t in tokens if t not in lm.index]
    if unknown:
        raise ValueError(f"constraint tokens {unknown} are not in the vocabulary")
    if not tokens:
        raise ValueError("a constraint must allow at least one token")
    return {lm.index[t] for t in tokens}


def generate(lm: TinyLM, prompt: str | Sequence[str], max_tokens: int = 6, temperature: float = 1.0,
             seed: int = 0, allowed: Collection[str] | None = None,
             grammar: Sequence[Collection[str]] | None = None, stop: str | None = ".") -> list[str]:
    """Continue `prompt` (one text, or a list of documents whose last one is continued).

    Sampling stops after `stop` (included), after `max_tokens`, or at the end of
    `grammar`. `temperature` 0 picks the most probable token; higher values
    flatten the distribution. The same seed gives the same output.
    """
    check_positive_int("max_tokens", max_tokens)
    check_number("temperature", temperature)
    if allowed is not None and grammar is not None:
        raise ValueError("give allowed or grammar, not both")
    docs = [prompt] if isinstance(prompt, str) else list(prompt)
    if not docs or not lm.encode(docs[-1]):
        raise ValueError("prompt is empty: give at least one token to continue")
    earlier = [lm.trace(lm.encode(d)) for d in docs[:-1] if lm.encode(d)]
    tr = lm.trace(lm.encode(docs[-1]))
    masks = [_mask(lm, step) for step in grammar] if grammar is not None else None
    everywhere = _mask(lm, allowed) if allowed is not None else None
    steps = min(max_tokens, len(masks)) if masks is not None else max_tokens
    r = rng(seed)
    out: list[str] = []
    for i in range(steps):
        p = lm.probs_after(tr, earlier=earlier)
        keep = masks[i] if masks is not None else everywhere
        if keep is not None:
            p = [x if j in keep else 0.0 for j, x in enumerate(p)]
        if temperature == 0:
            token = max(range(len(p)), key=lambda j: (p[j], -j))
        else:
            w = [x ** (1.0 / temperature) if x > 0 else 0.0 for x in p]
            total = sum(w)
            if total == 0.0:
                raise ValueError("the constraint leaves no token with probability above zero")
            u, acc, token = r.random() * total, 0.0, len(w) - 1
            for j, x in enumerate(w):
                acc += x
                if u < acc:
                    token = j
                    break
        out.append(lm.vocab[token])
        if stop is not None and lm.vocab[token] == stop:
            break
        tr = lm.trace(tr.ids + [token], tr)
    return out


def obeys(tokens: Sequence[str], choices: Collection[str]) -> bool:
    """True if the output is exactly one of `choices` followed by a full stop."""
    return len(tokens) == 2 and tokens[0] in choices and tokens[1] == "."
