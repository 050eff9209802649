import random

labelled = [
    ("a delight from start to finish", +1),
    ("superb cast and a sharp script", +1),
    ("warm funny and beautifully shot", +1),
    ("the best film of the year", +1),
    ("a sharp and moving story", +1),
    ("two hours i will never get back", -1),
    ("flat slow and far too long", -1),
    ("a dull script and a tired cast", -1),
    ("the worst film of the year", -1),
    ("too long and never funny", -1),
]


def score(weights: dict[str, int], text: str) -> int:
    return sum(weights.get(word, 0) for word in text.split())


# Perceptron training: each mistake moves the weights of the words involved.
weights: dict[str, int] = {}
rng = random.Random(0)
for epoch in range(1, 11):
    mistakes = 0
    for text, label in rng.sample(labelled, k=len(labelled)):
        if score(weights, text) * label <= 0:
            mistakes += 1
            for word in text.split():
                weights[word] = weights.get(word, 0) + label
    if mistakes == 0:
        break

print(f"no mistakes in epoch {epoch}; {len(weights)} word weights learned")
print("most positive:", sorted(weights, key=lambda w: (-weights[w], w))[:4])
print("most negative:", sorted(weights, key=lambda w: (weights[w], w))[:4])
for text in ["a sharp and funny script", "slow and dull", "a gripping turn"]:
    s = score(weights, text)
    label = "positive" if s > 0 else "negative" if s < 0 else "no idea"
    print(f"{text!r:28} score {s:+d} -> {label}")
