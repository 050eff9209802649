from pft import show
from pft.experiments import two_by_two

result = two_by_two.run(seed=0, settings=two_by_two.Settings(domain="support"))
print(result.table())
for row in result.rows:
    print(f"engineered prompt for the {row.model} model: {row.template!r} (best on the dev split)")
gain = result.row("fine-tuned").engineered - result.best_single()
print(f"together they beat the better single technique by {gain * 100:.1f} points")
show(result.chart())
