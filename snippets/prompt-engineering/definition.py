import random
from string import Template

template = Template("""\
Classify the sentiment of each review as positive or negative.

${demonstrations}Review: $review
Sentiment:""")

labelled = [
    ("A delight from start to finish.", "positive"),
    ("Two hours I will never get back.", "negative"),
    ("The cast is superb and the script is sharp.", "positive"),
    ("Flat, slow and far too long.", "negative"),
]
rng = random.Random(0)
shots = [rng.choice([p for p in labelled if p[1] == label])
         for label in ("positive", "negative")]
rng.shuffle(shots)
demonstrations = "".join(f"Review: {text}\nSentiment: {label}\n\n"
                         for text, label in shots)

review = "The soundtrack alone is worth the ticket."
print(template.substitute(demonstrations=demonstrations, review=review))
