from pft import show
from pft.decision import Usage, break_even, training_cost
from pft.render import line_chart

# Illustrative prices per million tokens, not any provider's price list: use yours.
prompting = Usage(prompt_tokens=1_800, completion_tokens=60, input_price=0.50, output_price=1.50)
fine_tuned = Usage(prompt_tokens=150, completion_tokens=60, input_price=1.00, output_price=3.00)
training = training_cost(training_tokens=2_000_000, price_per_million=8.00, epochs=3)
costs = break_even(prompting, fine_tuned, training=training, retrain_every_months=6, hosting_per_month=200.0)
calls_per_day = 5_000

print(f"cost per call: prompting ${costs.prompting_per_call:.5f}, fine-tuned ${costs.fine_tuned_per_call:.5f}")
print(f"one training run: ${training:,.2f}; fixed cost of the fine-tuned model: ${costs.fixed_per_month:,.2f}/month")
prompted_month, tuned_month = costs.monthly(calls_per_day)
print(f"at {calls_per_day:,} calls/day: prompting ${prompted_month:,.2f}/month, fine-tuned ${tuned_month:,.2f}/month")
print(f"break-even: {costs.calls_per_day:,.0f} calls/day")

thousands = [step * 2.5 for step in range(9)]
show(line_chart(
    "Monthly cost against volume",
    "thousand calls per day",
    "cost per month ($)",
    {
        "prompting": [(k, costs.monthly(k * 1000)[0]) for k in thousands],
        "fine-tuned": [(k, costs.monthly(k * 1000)[1]) for k in thousands],
    },
))
