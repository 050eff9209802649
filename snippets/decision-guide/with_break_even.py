from pft.decision import COST_ANSWERS, CostInputs, compare, decide

costs = compare(CostInputs(calls_per_day=20_000))
cheapest = costs.cheapest_over_life  # up-front costs included, over the model's life
print(f"Cheapest at 20,000 calls/day: {cheapest.label}")

answers = {
    "test_set": "yes",
    "prompting": "reaches-bar",
    "can_tune": "yes",
    "cheapest": COST_ANSWERS[cheapest.key],
    "latency": "meets",
    "small_model": "yes",
}
print(decide(answers))
