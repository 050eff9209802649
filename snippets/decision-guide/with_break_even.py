from pft.decision import Thresholds, Usage, break_even, decide, training_cost

# Illustrative prices per million tokens, not any provider's price list: use yours.
prompting = Usage(prompt_tokens=1_800, completion_tokens=60, input_price=0.50, output_price=1.50)
fine_tuned = Usage(prompt_tokens=150, completion_tokens=60, input_price=1.00, output_price=3.00)
training = training_cost(training_tokens=2_000_000, price_per_million=8.00, epochs=3)
costs = break_even(prompting, fine_tuned, training=training, retrain_every_months=6, hosting_per_month=200.0)
print(f"break-even: {costs.calls_per_day:,.0f} calls per day")

answers = {
    "labelled_examples": 800,
    "calls_per_day": 20_000,
    "strict_format": False,
    "knowledge_changes_often": False,
}
print(decide(answers, Thresholds(break_even_calls_per_day=costs.calls_per_day)))
