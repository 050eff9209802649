from pft.decision import CostInputs, Thresholds, compare, decide

costs = compare(CostInputs())
volumes = costs.break_even("prompted", "tuned")
print(f"break-even of the tuned large model against prompting: {volumes[0]:,.0f} calls per day")

answers = {
    "labelled_examples": 800,
    "calls_per_day": 20_000,
    "strict_format": False,
    "knowledge_changes_often": False,
}
print(decide(answers, Thresholds(break_even_calls_per_day=volumes[0])))
