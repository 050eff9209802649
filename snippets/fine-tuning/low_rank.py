from pft import show
from pft.experiments import low_rank

result = low_rank.run(seed=0, settings=low_rank.Settings(domain="medicine"))
print(result.table())
show(result.chart())
