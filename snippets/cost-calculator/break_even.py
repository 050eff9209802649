from pft import show
from pft.decision import CostInputs, compare

# Illustrative numbers (see the presets above): change any field, e.g. your volume and prompt.
inputs = CostInputs(calls_per_day=20_000, prefix_tokens=1_650, input_tokens=150, output_tokens=60)
result = compare(inputs)

print(result)
show(result.chart())
