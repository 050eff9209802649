from pft.adapt import template_classifier
from pft.substrate import CONFIG, DOMAINS, VOCAB, TinyLM, World, polarity

world = World(seed=0)
print(f"domains: {', '.join(DOMAINS)}; vocabulary: {len(VOCAB)} words")
example = world.examples("movies", 1, seed=3)[0]
print(f"an example: {example.text!r} -> {example.sentiment}")
print("'unpredictable' is " + ", ".join(f"{polarity('unpredictable', d)} in {d}" for d in ("movies", "finance")))

lm = TinyLM.pretrained()
shapes = {name: f"{len(p)}x{len(p[0])}" if isinstance(p[0], list) else str(len(p)) for name, p in lm.params.items()}
print(f"language model: {lm.trainable_parameters():,} weights ({', '.join(f'{n} {s}' for n, s in shapes.items())})")
print(f"pretrained on {CONFIG['n_docs']:,} general documents for {CONFIG['epochs']} epochs")

context = "the plot was gripping . it was"
top = lm.next_word_probs(context, top=3)
print(f"after {context!r}: " + ", ".join(f"{word} {p:.2f}" for word, p in top.items()))

prompted = template_classifier(lm, "it was")
probs = prompted.predict_proba("the plot was gripping .")
print(f"prompted classifier: " + ", ".join(f"{label} {p:.2f}" for label, p in probs.items())
      + f"; weights it trains: {prompted.trainable_parameters()}")
