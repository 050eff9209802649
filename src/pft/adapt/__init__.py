"""The ways to adapt the substrate's language model to a task.

- without training: [`prompting`][pft.adapt.prompting] (templates, demonstrations) and
  [`decoding`][pft.adapt.decoding] (sampling under output constraints);
- training a new model: [`linear`][pft.adapt.linear] (logistic regression on word counts);
- training the language model: [`finetune`][pft.adapt.finetune] (every weight),
  [`lora`][pft.adapt.lora] (a low-rank update) and [`softprompt`][pft.adapt.softprompt]
  (a learned input vector).

Every classifier satisfies [`Classifier`][pft.adapt.classifier.Classifier]; the three methods
that train the language model are [`Adapter`][pft.adapt.training.Adapter]s, trained by one loop.
"""

from pft.adapt.classifier import Classifier, Labelled, accuracy, argmax_label
from pft.adapt.decoding import generate, obeys
from pft.adapt.finetune import FullFineTune
from pft.adapt.linear import LogisticRegression, Prior, bag_of_words, memoize
from pft.adapt.lora import LoRA
from pft.adapt.prompting import (
    CONTENT_FREE, QUERY_RESERVE, SUMMARY_TEMPLATE_NAMES, TEMPLATES, PromptClassifier, format_demo, template_classifier,
)
from pft.adapt.softprompt import SoftPrompt
from pft.adapt.training import Adapter, Budget, train

__all__ = [
    "CONTENT_FREE", "QUERY_RESERVE", "SUMMARY_TEMPLATE_NAMES", "TEMPLATES",
    "Adapter", "Budget", "Classifier", "FullFineTune", "Labelled", "LoRA", "LogisticRegression", "Prior",
    "PromptClassifier", "SoftPrompt", "accuracy", "argmax_label", "bag_of_words", "format_demo", "generate",
    "memoize", "obeys", "template_classifier", "train",
]
