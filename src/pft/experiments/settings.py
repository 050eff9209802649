"""The base of every experiment's `Settings`: a frozen dataclass that checks itself when built.

The checks follow the fields, so a new setting is checked without new code: an ``int``
is a count (1 or more); a ``float`` is a number (0 or more); ``domain`` is one of the
class's `DOMAINS`; ``template`` and ``plain`` name one of `pft.adapt.prompting.TEMPLATES`;
a [`Budget`][pft.adapt.training.Budget] checks itself. A subclass adds any other check
in its own ``__post_init__``, after calling this one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar, get_type_hints

from pft.adapt.prompting import TEMPLATES
from pft.substrate.checks import check_choice, check_number, check_positive_int
from pft.substrate.world import DOMAINS, Example, World

__all__ = ["BaseSettings", "Demonstrations", "DomainText"]


@dataclass(frozen=True)
class BaseSettings:
    """Checks every field of a subclass by its name and type; bad values fail when it is built."""

    DOMAINS: ClassVar[tuple[str, ...]] = DOMAINS
    """The domains the experiment accepts."""

    def __post_init__(self) -> None:
        hints = get_type_hints(type(self))
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "domain":
                check_choice("domain", value, self.DOMAINS)
            elif f.name in ("template", "plain"):
                check_choice(f.name, value, sorted(TEMPLATES))
            elif hints[f.name] is int:
                check_positive_int(f.name, value)
            elif hints[f.name] is float:
                check_number(f.name, value)


@dataclass(frozen=True)
class Demonstrations(BaseSettings):
    """Settings of experiments that prompt with demonstrations drawn from a labelled pool."""

    domain: str = "general"
    test: int = 30
    """Test examples."""
    pool: int = 200
    """Labelled examples the demonstrations are drawn from."""

    def examples(self, seed: int) -> tuple[list[Example], list[Example]]:
        """The test examples and the pool of the world of ``seed``."""
        world = World(seed=seed)
        return world.examples(self.domain, self.test, seed=1), world.examples(self.domain, self.pool, seed=2)


@dataclass(frozen=True)
class DomainText(BaseSettings):
    """Settings of experiments that adapt the model to one domain's unlabelled text."""

    DOMAINS = tuple(d for d in DOMAINS if d != "general")
    """Every domain but "general", the text the model was pretrained on."""

    domain: str = "medicine"
    train_docs: int = 36
    """Training documents."""
    eval_docs: int = 24
    """Held-out documents perplexity is measured on."""

    def documents(self, seed: int, domain: str | None = None) -> tuple[list[str], list[str]]:
        """The training and the held-out documents of ``domain`` (default: the setting's) in the world of ``seed``."""
        world, domain = World(seed=seed), domain or self.domain
        return world.corpus(domain, self.train_docs, seed=1), world.corpus(domain, self.eval_docs, seed=2)
