from pft import show
from pft.experiments import break_even

result = break_even.run(seed=0, settings=break_even.Settings(domain="support", shots=4))
print(result.table())
print(f"the demonstrations add {result.prompt_tokens} tokens and "
      f"{result.saving:,.0f} multiply-adds to every query")
print(f"fine-tuning pays for itself after {result.break_even:,} queries")
show(result.chart())
