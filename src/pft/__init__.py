"""Small simulated models for the guide "Prompt or Fine-Tune?".

The package is layered; each layer imports only from the ones before it:

1. [`pft.substrate`][pft.substrate]: the synthetic world and the tiny language model;
2. [`pft.render`][pft.render]: charts and where they are shown;
3. [`pft.adapt`][pft.adapt]: prompting, fine-tuning, adapters and the classifiers they make;
4. [`pft.experiments`][pft.experiments]: one experiment per claim of the guide;
5. [`pft.decision`][pft.decision]: the decision guide and the cost calculator (no models).

`show(chart)` and `set_chart_handler(handler)` are the two names a snippet runner needs.
"""

from pft.render.display import set_handler as set_chart_handler
from pft.render.display import show

__all__ = ["set_chart_handler", "show"]
