from pft import show
from pft.experiments import low_rank

result = low_rank.run(domain="medicine", seed=0)
print(result.table())
for rank in low_rank.RANKS:
    print(f"rank {rank}: {result.share_of_gain(rank):.0%} of full fine-tuning's gain")
show(result.chart())
