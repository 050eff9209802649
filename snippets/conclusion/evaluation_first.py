test_set = [
    ("I was charged twice", "billing"),
    ("refund my last payment", "billing"),
    ("the invoice total is wrong", "billing"),
    ("my card was declined", "billing"),
    ("export button does nothing", "bug"),
    ("app crashes on upload", "bug"),
    ("change my email address", "account"),
    ("reset my password please", "account"),
    ("delete my account", "account"),
    ("do you have an office in Lyon", "other"),
]

CUES_A = {"billing": ["charged", "refund"], "bug": ["crash", "error"],
          "account": ["password", "email"]}
CUES_B = {"billing": ["charged", "refund", "invoice"],
          "bug": ["crash", "error", "nothing"],
          "account": ["password", "email", "account"]}


def classify(cues: dict[str, list[str]], text: str) -> str:
    for label, words in cues.items():
        if any(word in text for word in words):
            return label
    return "other"


for name, cues in [("candidate A", CUES_A), ("candidate B", CUES_B)]:
    misses = [(text, gold, classify(cues, text))
              for text, gold in test_set if classify(cues, text) != gold]
    print(f"{name}: {len(test_set) - len(misses)}/{len(test_set)} correct")
    for text, gold, got in misses:
        print(f"    {text!r}: expected {gold}, got {got}")
