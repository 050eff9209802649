from pft import show
from pft.experiments import domain_adaptation

result = domain_adaptation.run(seed=0, settings=domain_adaptation.Settings(domain="medicine"))
print(result.table())
for method in ("fine-tuned", "+ L2 pull", "+ replay"):
    print(f"{method}: medicine ppl -{result.gain(method):.2f}, general ppl +{result.forgetting(method):.2f}")
show(result.chart())
