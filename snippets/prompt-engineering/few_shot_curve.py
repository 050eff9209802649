from pft import show
from pft.experiments import few_shot

result = few_shot.run(seed=0)
print(result.table())
show(result.chart())
