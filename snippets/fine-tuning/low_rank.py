from pft import show
from pft.experiments import low_rank

result = low_rank.run(domain="medicine", seed=0)
print(result.table())
show(result.chart())
