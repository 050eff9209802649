from pft import show
from pft.experiments import prompt_worth

result = prompt_worth.run(domain="support", seed=0, template="it was")
print(result.table())
print(f"The prompt is worth about {result.worth:.0f} labelled examples.")
show(result.chart())
