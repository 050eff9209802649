from pft.experiments import soft_prompt

result = soft_prompt.run(seed=0, settings=soft_prompt.Settings(domain="medicine"))
print(result.table())
