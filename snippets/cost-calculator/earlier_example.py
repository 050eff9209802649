from dataclasses import replace

from pft.decision import CostInputs, compare

# The example this page used before caching was priced: a 1,800-token prompt of which 1,650 tokens
# are the same on every call, a $200 monthly hosting fee, a $48 training run every 6 months.
example = CostInputs(hosting_per_month=200, model_life_months=6, evaluation_cost=0, cache_write_premium=0,
                     cache_hit_rate=1.0, chart_max_calls=1_000_000)

for discount in (0.0, 0.50, 0.75, 0.90):
    result = compare(replace(example, cache_read=1 - discount))
    cached = result.option("cached").per_call
    tuned = result.option("tuned").per_call
    volumes = result.break_even("cached", "tuned")
    verdict = f"pays above {volumes[0]:,.0f} calls/day" if volumes else "never pays, up to 1,000,000 calls/day"
    print(f"{discount:4.0%} off cached tokens: ${cached * 1e6:,.2f} against ${tuned * 1e6:,.2f} tuned per million "
          f"calls; tuning {verdict}")

adapters = compare(replace(example, tuned_premium=1.0, hosting_per_month=0))
print(f"Tuned adapter billed at the base price, no hosting fee: tuning pays above "
      f"{adapters.break_even('prompted', 'tuned')[0]:,.0f} calls/day")
gpu = compare(replace(example, gpu_per_hour=2.50, calls_per_gpu_hour=100_000, small_training_price=8.0))
print(f"Tuned model on one GPU at $2.50 an hour (${gpu.option('self-hosted').per_gpu_month:,.0f} a month), no price "
      f"per token: it pays above {gpu.break_even('prompted', 'self-hosted')[0]:,.0f} calls/day")
