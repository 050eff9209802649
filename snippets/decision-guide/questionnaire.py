from pft.decision import decide

answers = {
    "labelled_examples": 800,
    "calls_per_day": 20_000,
    "strict_format": True,
    "knowledge_changes_often": True,
    "has_test_set": True,
    "latency_budget_ms": None,
    "prompt_latency_ms": None,
}

print(decide(answers))
