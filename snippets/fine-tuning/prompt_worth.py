from pft import show
from pft.experiments import prompt_worth

result = prompt_worth.run(seed=0, settings=prompt_worth.Settings(domain="support", template="it was"))
print(result.table())
print(f"The prompt is worth about {result.worth:.0f} labelled examples.")
show(result.chart())
