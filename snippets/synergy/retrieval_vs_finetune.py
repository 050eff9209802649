from pft import show
from pft.experiments import knowledge

result = knowledge.run(seed=0)
print(result.table())
show(result.chart())
