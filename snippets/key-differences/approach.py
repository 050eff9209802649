instruction = ("Classify the support ticket as billing, bug, account or other."
               " Answer with one word.")
demonstrations = [
    ("I was charged twice this month.", "billing"),
    ("The export button does nothing.", "bug"),
    ("How do I change my email address?", "account"),
    ("Do you have an office in Lyon?", "other"),
    ("My invoice shows the wrong VAT number.", "billing"),
    ("The app crashes when I upload a photo.", "bug"),
]
ticket = "Please refund the duplicate payment."

shots = [f"Ticket: {text}\nLabel: {label}" for text, label in demonstrations]
few_shot = "\n".join([instruction, *shots, f"Ticket: {ticket}\nLabel:"])
tuned = f"Ticket: {ticket}\nLabel:"


def words(text: str) -> int:
    return len(text.split())


calls = 10_000
print(f"{'words sent':22}{'per call':>10}{f'per {calls:,} calls':>20}")
prompts = {"prompted base model": few_shot, "fine-tuned model": tuned}
for name, prompt in prompts.items():
    print(f"{name:22}{words(prompt):>10}{words(prompt) * calls:>20,}")
print("resent on every call:", words(few_shot) - words(tuned), "words")
