from pft.experiments import soft_prompt

result = soft_prompt.run(domain="medicine", seed=0)
print(result.table())
