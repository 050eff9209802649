from pft import show
from pft.experiments import calibration

result = calibration.run(seed=0)
print(result.table())
show(result.chart())
