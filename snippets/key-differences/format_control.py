from pft import show
from pft.experiments import format_control

result = format_control.run(seed=0)
print(result.table())
show(result.chart())
