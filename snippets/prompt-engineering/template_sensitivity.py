from pft import show
from pft.experiments import template_sensitivity

result = template_sensitivity.run(seed=0)
print(result.table())
show(result.chart())
