"""Small simulated models for the guide "Prompt or Fine-Tune?"."""

from pft.display import show

__all__ = ["show"]
