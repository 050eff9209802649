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

from pft._exports import lazy

__getattr__, __dir__, __all__ = lazy(__name__, {
    "classifier": ("Classifier", "Labelled", "accuracy", "argmax_label"),
    "decoding": ("generate", "obeys"),
    "finetune": ("FullFineTune",),
    "linear": ("Fitting", "LogisticRegression", "Prior", "bag_of_words", "memoize"),
    "lora": ("LoRA",),
    "prompting": (
        "CONTENT_FREE", "QUERY_RESERVE", "SUMMARY_TEMPLATE_NAMES", "TEMPLATES", "ZHAO_CONTENT_FREE", "PromptClassifier",
        "format_demo", "template_classifier",
    ),
    "softprompt": ("SoftPrompt",),
    "training": ("Adapter", "Budget", "train"),
})
