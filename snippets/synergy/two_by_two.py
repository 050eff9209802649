from pft import show
from pft.experiments import two_by_two

result = two_by_two.run(domain="support", seed=0)
print(result.table())
for model, template in result.engineered.items():
    print(f"engineered prompt for the {model} model: {template!r} (best on the dev split)")
gain = result.cells[("fine-tuned", "engineered")] - result.best_single()
print(f"together they beat the better single technique by {gain:.1%}")
show(result.chart())
