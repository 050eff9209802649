"""A tiny word-level language model, trained by our own code, plus an induction head.

API (stable; fine-tuning, adapters and domain adaptation build on it):

- `TinyLM(dim=16, decay=0.8, seed=0, context_size=64, head=InductionHead(), params=None)`:
  random initial weights, or the given `params`. `TinyLM.pretrained()` loads the shipped weights;
  `use_pretrained(model)` puts another model in their place (`None` puts them back).
- `lm.params`: named parameters, plain lists: "E_cur", "E_prev", "E_ctx", "U" (V x d
  matrices as lists of rows), "W" (d x d), "b_h" (d), "b" (V).
- `lm.loss_and_grads(ids, weights=None) -> (mean_nll, grads)`: grads has the
  same names and shapes as `params`. `lm.batch_loss_and_grads(list_of_ids)`
  averages over all predicted tokens of a batch; `lm.backprop(list_of_ids)`
  leaves each matrix's gradient factored, as an `Outer`.
- `lm.perplexity(texts)`, `lm.next_word_probs(context, top=None)` (context: a
  text, or a list of texts read as separate documents), `lm.copy()`,
  `lm.trainable_parameters()`, `lm.encode(text)`, `lm.decode(ids)`.
  Sampling with temperature and constraints: `pft.adapt.decoding.generate(lm, ...)`.
- Counted cost: `lm.forward_macs(n)` and `lm.backward_macs(n)` are the
  multiply-adds the training code does for a sequence of n tokens;
  `lm.inference_macs(n)` those of one next-word prediction after n tokens.

The model. For the token w_t at position t:

    a_t = E_cur[w_t] + E_prev[w_(t-1)] + c_t,   c_t = decay * c_(t-1) + E_ctx[w_(t-2)]
    h_t = a_t + tanh(W a_t + b_h),               p(w_(t+1)) = softmax(U h_t + b)

so it sees the current word, the previous word and an exponentially fading bag
of everything earlier, with a residual path (h_t = a_t + ...) that lets the bag
reach the output directly: enough to learn that "it was" after a glowing review is
followed by "good". There is no learned attention (that would need far more data
and time than a page allows); the `pft.substrate.induction.InductionHead` supplies the
one attention pattern prompting depends on, copying from the context. A prompt
is a list of documents (instruction, demonstrations, query): the language model
reads the last one from a fresh state, and earlier ones reach the prediction only
through the head, much as they reach a transformer's prediction only through
attention. Only the last position gets the head's help, so training ignores it.

Why one module of nearly 400 lines: the forward pass, the hand-written backward pass
and the multiply-add counts of both describe the same arithmetic and must change
together; kept side by side, a change to one is read against the others.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from importlib import resources
from math import sumprod
from operator import add, mul

from pft.substrate import compute
from pft.substrate.checks import check_positive_int
from pft.substrate.induction import InductionHead
from pft.substrate.maths import log_sum_exp, rng, shifted_exp, softmax
from pft.substrate.world import VOCAB, tokenize

__all__ = ["MATRICES", "Grads", "Outer", "TinyLM", "Trace", "use_pretrained"]

Grads = dict[str, list]
"""Gradients by parameter name, shaped like `TinyLM.params`."""

MATRICES = ("E_cur", "E_prev", "E_ctx", "U", "W")


class Trace:
    """Hidden states of a token sequence; extend it to reuse a prompt's prefix (a cache)."""

    def __init__(self, ids: list[int], inputs: list[list[float]], hidden: list[list[float]], bag: list[float]):
        self.ids, self.inputs, self.hidden, self.bag = ids, inputs, hidden, bag


class Outer:
    """A matrix gradient as a sum of outer products, one per token: the sum of ``rows[t] (x) cols[t]``.

    A row that is an int ``i`` stands for the one-hot vector of ``i`` (an embedding
    lookup adds ``cols[t]`` to row ``i`` only). Keeping the factors lets an adapter
    take its own gradient without forming this ``shape``-sized one.
    """

    def __init__(self, rows: list, cols: list[list[float]], shape: tuple[int, int]):
        self.rows, self.cols, self.shape = rows, cols, shape

    def add(self, row: int | list[float], col: list[float]) -> None:
        """Append one token's outer product."""
        self.rows.append(row)
        self.cols.append(col)

    def dense(self) -> list[list[float]]:
        """The gradient as a ``shape``-sized matrix (lists of rows)."""
        m, n = self.shape
        if self.rows and isinstance(self.rows[0], int):
            grad = [[0.0] * n for _ in range(m)]
            for i, col in zip(self.rows, self.cols):
                grad[i] = list(map(add, grad[i], col))
            return grad
        compute.add(len(self.rows) * m * n, "backward")
        if not self.rows:
            return [[0.0] * n for _ in range(m)]
        cols = list(zip(*self.cols))
        return [[sumprod(r, c) for c in cols] for r in zip(*self.rows)]


class TinyLM:
    """Word-level language model over `pft.substrate.world.VOCAB`; see the module docstring."""

    def __init__(self, dim: int = 16, decay: float = 0.8, seed: int = 0, context_size: int = 64,
                 head: InductionHead | None = None, params: dict[str, list] | None = None) -> None:
        check_positive_int("dim", dim)
        check_positive_int("context_size", context_size, minimum=4)
        if not 0.0 <= decay < 1.0:
            raise ValueError(f"decay must be in [0, 1), got {decay!r}")
        self.vocab = VOCAB
        self.index = {w: i for i, w in enumerate(VOCAB)}
        self.dim, self.decay, self.context_size = dim, decay, context_size
        self.head = head if head is not None else InductionHead()
        if params is not None:
            # Saved weights (see `from_dict`): drawing random ones first would only be thrown away.
            self.params = params
            return
        r = rng(seed)
        V, d = len(VOCAB), dim

        def matrix(rows: int, cols: int, std: float) -> list[list[float]]:
            return [[r.gauss(0.0, std) for _ in range(cols)] for _ in range(rows)]

        self.params: dict[str, list] = {
            "E_cur": matrix(V, d, 0.3), "E_prev": matrix(V, d, 0.3), "E_ctx": matrix(V, d, 0.3),
            "W": matrix(d, d, 1.0 / math.sqrt(d)), "b_h": [0.0] * d,
            "U": matrix(V, d, 0.1), "b": [0.0] * V,
        }

    # ------------------------------------------------------------------ text
    def encode(self, text: str | Sequence[int]) -> list[int]:
        """Token ids of `text` (a string is tokenized; a list of ids is passed through)."""
        if isinstance(text, str):
            return [self.index[t] for t in tokenize(text)]
        return list(text)

    def training_sequences(self, docs: Iterable[str]) -> list[list[int]]:
        """Token ids of each document that has a token to predict (2 or more tokens).

        Raises:
            ValueError: If no document has.
        """
        seqs = [ids for ids in (self.encode(doc) for doc in docs) if len(ids) >= 2]
        if not seqs:
            raise ValueError("docs hold no text of 2 or more tokens to train on")
        return seqs

    def decode(self, ids: Iterable[int]) -> str:
        """The text of token ids, joined by spaces."""
        return " ".join(self.vocab[i] for i in ids)

    # ------------------------------------------------------------------ forward
    def trace(self, ids: Sequence[int], prefix: Trace | None = None) -> Trace:
        """Hidden states for `ids`; if `prefix` is given, `ids` must extend `prefix.ids`."""
        P = self.params
        Ec, Ep, Ex, W, bh = P["E_cur"], P["E_prev"], P["E_ctx"], P["W"], P["b_h"]
        rho, tanh = self.decay, math.tanh
        if prefix is None:
            prefix = Trace([], [], [], [0.0] * self.dim)
        elif list(ids[: len(prefix.ids)]) != prefix.ids:
            raise ValueError("ids must start with the prefix's ids")
        all_ids = list(ids)
        inputs, hidden, c = list(prefix.inputs), list(prefix.hidden), prefix.bag
        for t in range(len(prefix.ids), len(all_ids)):
            if t >= 2:
                c = [rho * ci + ei for ci, ei in zip(c, Ex[all_ids[t - 2]])]
            if t == 0:
                a = list(Ec[all_ids[0]])
            else:
                a = [x + y + z for x, y, z in zip(Ec[all_ids[t]], Ep[all_ids[t - 1]], c)]
            hidden.append(list(map(add, a, map(tanh, map(add, map(sumprod, W, repeat(a)), bh)))))
            inputs.append(a)
        new = len(all_ids) - len(prefix.ids)
        bagged = max(len(all_ids) - 2, 0) - max(len(prefix.ids) - 2, 0)
        compute.add(new * self.dim * self.dim + bagged * self.dim, "forward")
        return Trace(all_ids, inputs, hidden, c)

    def _logits(self, h: Sequence[float]) -> list[float]:
        compute.add(len(self.vocab) * self.dim, "forward")
        return list(map(add, map(sumprod, self.params["U"], repeat(h)), self.params["b"]))

    def lm_probs(self, h: Sequence[float]) -> list[float]:
        """The language model's own next-token distribution from a hidden state."""
        return softmax(self._logits(h))

    def probs_after(self, tr: Trace, use_head: bool = True, earlier: Sequence[Trace] = (),
                    lm_probs: Sequence[float] | None = None) -> list[float]:
        """Next-token distribution after `tr`, mixing in the induction head.

        `earlier` are traces of documents that precede `tr` in the context (an
        instruction, demonstrations, retrieved passages). The language model reads
        only `tr`, from a fresh state; the head reads all of them, cut to the last
        `context_size` tokens. `lm_probs`, if given, must be `self.lm_probs(tr.hidden[-1])`
        (a caller that scores one query under many prompts computes it once).
        """
        p = self.lm_probs(tr.hidden[-1]) if lm_probs is None else list(lm_probs)
        if use_head:
            ids = [i for doc in earlier for i in doc.ids] + tr.ids
            hidden = [h for doc in earlier for h in doc.hidden] + tr.hidden
            n = self.context_size
            gate, copy = self.head.attend(ids[-n:], hidden[-n:], p)
            if gate > 0.0:
                p = [(1.0 - gate) * x for x in p]
                for w, q in copy.items():
                    p[w] += gate * q
        return p

    def next_word_probs(self, context: str | Sequence[int] | Sequence[str], top: int | None = None,
                        use_head: bool = True) -> dict[str, float]:
        """Next-word distribution after `context`, most probable first (the `top` ones if given).

        `context` is one text (or its token ids), or a list of texts read as
        separate documents, the last one being continued (see `probs_after`).
        """
        docs = [context] if isinstance(context, str) or not context or isinstance(context[0], int) else context
        traces = [self.trace(self.encode(d)) for d in docs]  # type: ignore[arg-type]
        if not traces[-1].ids:
            raise ValueError("context is empty: give at least one token")
        p = self.probs_after(traces[-1], use_head, [t for t in traces[:-1] if t.ids])
        order = sorted(range(len(p)), key=lambda i: (-p[i], i))
        if top is not None:
            check_positive_int("top", top)
            order = order[:top]
        return {self.vocab[i]: p[i] for i in order}

    # ------------------------------------------------------------------ training
    def loss_and_grads(self, ids: Sequence[int], weights: Sequence[float] | None = None) -> tuple[float, Grads]:
        """Mean negative log-likelihood of predicting ids[1:] from what precedes, and its gradients.

        `weights` (one per predicted token, len(ids) - 1) lets a caller count only
        some tokens, e.g. an answer; by default every token counts once.
        """
        return self.batch_loss_and_grads([ids], None if weights is None else [weights])

    def batch_loss_and_grads(self, batch: Sequence[Sequence[int]],
                             weights: Sequence[Sequence[float]] | None = None) -> tuple[float, Grads]:
        """Weighted mean loss over all predicted tokens of several sequences, and its gradients."""
        loss, parts = self.backprop(batch, weights)
        return loss, {k: v.dense() if isinstance(v, Outer) else v for k, v in parts.items()}

    def backprop(self, batch: Sequence[Sequence[int]],
                 weights: Sequence[Sequence[float]] | None = None) -> tuple[float, dict[str, Outer | list[float]]]:
        """`batch_loss_and_grads` with each matrix's gradient left as an `Outer` (biases are plain lists).

        This is the backward pass up to, but not including, the weight gradients:
        an adapter (`pft.adapt.lora`) needs only their product with its small factors.
        """
        if not batch:
            raise ValueError("batch is empty: give at least one sequence")
        seqs = [list(s) for s in batch]
        for s in seqs:
            if len(s) < 2:
                raise ValueError(f"need at least 2 tokens per sequence to predict one, got {len(s)}")
        if weights is None:
            weights = [[1.0] * (len(s) - 1) for s in seqs]
        for s, w in zip(seqs, weights, strict=True):
            if len(w) != len(s) - 1:
                raise ValueError(f"weights must have len(ids) - 1 = {len(s) - 1} entries, got {len(w)}")
        total_w = float(sum(sum(w) for w in weights))
        if total_w <= 0:
            raise ValueError("weights must have a positive sum")
        P, d, V, rho = self.params, self.dim, len(self.vocab), self.decay
        UT = [list(col) for col in zip(*P["U"])]
        WT = [list(col) for col in zip(*P["W"])]
        cur, prev, ctx = Outer([], [], (V, d)), Outer([], [], (V, d)), Outer([], [], (V, d))
        H, A, DL, DZ = [], [], [], []
        nll = 0.0
        for ids, wts in zip(seqs, weights):
            T = len(ids)
            tr = self.trace(ids)
            da_rows = []
            for t in range(T - 1):
                if not wts[t]:
                    # An unscored position (a prompt token) sends no gradient back: skip its output layer.
                    da_rows.append(None)
                    continue
                h = tr.hidden[t]
                logits = self._logits(h)
                ex, s, top = shifted_exp(logits)
                target = ids[t + 1]
                nll += wts[t] * (math.log(s) + top - logits[target])
                k = wts[t] / total_w
                dl = list(map(mul, ex, repeat(k / s)))
                dl[target] -= k
                dh = list(map(sumprod, UT, repeat(dl)))
                a = tr.inputs[t]
                dz = [g * (1.0 - (x - y) ** 2) for g, x, y in zip(dh, h, a)]
                da_rows.append(list(map(add, dh, map(sumprod, WT, repeat(dz)))))
                H.append(h)
                A.append(a)
                DL.append(dl)
                DZ.append(dz)
            # The bag term: E_ctx[w_k] reaches every later a_t with weight decay^(t-k-2).
            carry = [0.0] * d
            for t in range(T - 2, -1, -1):
                da = da_rows[t]
                if da is None:
                    carry = [rho * y for y in carry]
                else:
                    cur.add(ids[t], da)
                    if t >= 1:
                        prev.add(ids[t - 1], da)
                    carry = [x + rho * y for x, y in zip(da, carry)]
                if t >= 2 and any(carry):
                    ctx.add(ids[t - 2], carry)
            compute.add(sum(1 for w in wts if w) * (V * d + d * d + d), "backward")
        parts: dict[str, Outer | list[float]] = {
            "E_cur": cur, "E_prev": prev, "E_ctx": ctx,
            "W": Outer(DZ, A, (d, d)), "b_h": [sum(col) for col in zip(*DZ)],
            "U": Outer(DL, H, (V, d)), "b": [sum(col) for col in zip(*DL)],
        }
        return nll / total_w, parts

    def nll(self, texts: Iterable[str | Sequence[int]]) -> tuple[float, int]:
        """Total negative log-likelihood (nats) of the texts and the number of predicted tokens."""
        total, n = 0.0, 0
        for text in texts:
            ids = self.encode(text)
            tr = self.trace(ids)
            for t in range(len(ids) - 1):
                logits = self._logits(tr.hidden[t])
                total += log_sum_exp(logits) - logits[ids[t + 1]]
                n += 1
        return total, n

    def perplexity(self, texts: Iterable[str | Sequence[int]]) -> float:
        """exp(mean negative log-likelihood per predicted token) of the language model alone."""
        total, n = self.nll(texts)
        if n == 0:
            raise ValueError("texts hold no token to predict: give texts of 2 or more tokens")
        return math.exp(total / n)

    # ------------------------------------------------------------------ bookkeeping
    def copy(self) -> "TinyLM":
        """An independent copy (same weights, head and settings)."""
        new = TinyLM.__new__(TinyLM)
        new.__dict__.update(self.__dict__)
        new.params = {k: [list(r) for r in v] if k in MATRICES else list(v) for k, v in self.params.items()}
        return new

    def trainable_parameters(self) -> int:
        """Number of weights full fine-tuning changes."""
        return sum(len(v) * len(v[0]) if k in MATRICES else len(v) for k, v in self.params.items())

    def forward_macs(self, n_tokens: int) -> int:
        """Multiply-adds of the training forward pass over n tokens (bag, W, output layer)."""
        V, d = len(self.vocab), self.dim
        return n_tokens * d * d + max(n_tokens - 2, 0) * d + (n_tokens - 1) * V * d

    def backward_macs(self, n_tokens: int) -> int:
        """Multiply-adds of the backward pass over n tokens (dU, dh, dW, da, bag)."""
        V, d = len(self.vocab), self.dim
        return (n_tokens - 1) * (2 * V * d + 2 * d * d + d)

    def inference_macs(self, n_context: int) -> int:
        """Multiply-adds of one next-word prediction after n_context tokens (head at its busiest)."""
        V, d = len(self.vocab), self.dim
        return n_context * d * d + max(n_context - 2, 0) * d + V * d + self.head.macs(n_context, d)

    # ------------------------------------------------------------------ storage
    def to_dict(self, digits: int = 4) -> dict:
        """Settings and weights rounded to `digits`, ready for JSON."""
        def rnd(v):
            return [rnd(x) for x in v] if isinstance(v, list) else round(v, digits)
        return {"dim": self.dim, "decay": self.decay, "context_size": self.context_size,
                "vocab": list(self.vocab), "params": {k: rnd(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: dict, head: InductionHead | None = None) -> "TinyLM":
        """Rebuild a model saved by `to_dict`."""
        if tuple(data["vocab"]) != VOCAB:
            raise ValueError("saved vocabulary differs from pft.substrate.world.VOCAB: retrain with scripts/train_lm.py")
        params = {k: [list(map(float, r)) for r in v] if k in MATRICES else list(map(float, v))
                  for k, v in data["params"].items()}
        return cls(dim=data["dim"], decay=data["decay"], context_size=data["context_size"], head=head, params=params)

    @classmethod
    def pretrained(cls) -> "TinyLM":
        """The model trained by scripts/train_lm.py on the general corpus (a fresh copy each call),
        or the one `use_pretrained` put in its place."""
        return (_in_place or _load_pretrained()).copy()


_in_place: TinyLM | None = None


def use_pretrained(model: TinyLM | None) -> None:
    """Make `TinyLM.pretrained()` return copies of ``model`` instead of the shipped weights (``None``:
    the shipped weights again). For checks that rerun the experiments with other pretrained models."""
    global _in_place
    if model is not None and not isinstance(model, TinyLM):
        raise TypeError(f"use_pretrained takes a TinyLM or None; got {type(model).__name__}")
    _in_place = model


@lru_cache(maxsize=1)
def _load_pretrained() -> TinyLM:
    text = resources.files("pft.substrate").joinpath("data", "tiny_lm.json").read_text(encoding="utf-8")
    return TinyLM.from_dict(json.loads(text))

