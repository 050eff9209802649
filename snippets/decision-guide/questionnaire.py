from pft.decision import decide

answers = {
    "test_set": "yes",
    "strict_format": "yes",
    "changing_knowledge": "yes",
    "prompting": "not-measured",
    "can_tune": "yes",
    "cheapest": "not-computed",
    "latency": "not-measured",
    "small_model": "no",
    "safety": "no",
    "data_residency": "no",
}

print(decide(answers))
