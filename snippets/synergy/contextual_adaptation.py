import re

documents = {
    "refunds.md": "Refunds for duplicate payments take up to five days.",
    "plans.md": "The team plan includes ten seats and priority support.",
    "export.md": "Exports are limited to one hundred thousand rows per file.",
    "security.md": "An administrator can enforce two-factor authentication.",
}
STOP = {"a", "an", "the", "is", "are", "for", "to", "of", "do", "how", "my",
        "can", "be", "long", "within", "per", "and"}


def terms(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w.removesuffix("s") for w in words if w not in STOP}


question = "How long do refunds take for a duplicate payment?"
shared = {name: terms(question) & terms(documents[name]) for name in documents}
ranked = sorted(documents, key=lambda name: (-len(shared[name]), name))
for name in ranked:
    print(f"{name:12} shares {sorted(shared[name])}")

print()
print(f"Context: {documents[ranked[0]]}\nQuestion: {question}\nAnswer:")
