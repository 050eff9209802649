ALLOWED = {"positive", "negative"}


def parse_label(reply: str) -> str | None:
    """The label if the reply is one allowed word (any case, a final stop)."""
    word = reply.strip().rstrip(".").lower()
    return word if word in ALLOWED else None


replies = [
    "positive",
    "Negative.",
    "The sentiment is positive.",
    "neutral",
    "positive\nnegative",
]
for reply in replies:
    label = parse_label(reply)
    verdict = f"accepted as {label}" if label else "rejected: ask again"
    print(f"{reply!r:30} {verdict}")
