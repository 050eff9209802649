"""The toy's effects on the pages, rendered from their declarations (`pft.experiments.effects`).

Two placeholders:

- ``<!-- effects: EXPERIMENT -->`` under a section of a page: a box with every effect that
  EXPERIMENT declares for that section, each with its robustness over the reporting seeds
  ("holds on 29 of 30 seeds; mean +12 points, range +4 to +19"), and one sentence saying
  how many of them were set by hand, follow from the data or emerge from training.
- ``<!-- effects-table -->`` (About the models): one row per effect with its mechanism and
  whether it is built in or learned.
- ``<!-- other-models -->`` (About the models): which effects fall short of their sentences
  with other pretrained models trained the same way (`pft.experiments.other_models`).

All are entries of the placeholder registry (placeholders.py), which finds them on the pages.
The numbers come from the robustness file (`make robustness`) and the other models' file
(`make other-models`), never from the page.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from pft.experiments import effects, other_models
from pft.render.prose import listed

TABLE_ANCHOR = "about-models.md#built-in-or-learned"
SEEDS_ANCHOR = "about-models.md#seeds"
DATA = (effects.ROBUSTNESS, other_models.DATA)
"""The data files the boxes and the table are made from."""
SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
ONES = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def in_words(n: int) -> str:
    """A count below a hundred as prose writes it ("no", "sixteen", "thirty-two"); larger ones in digits."""
    if not 0 <= n < 100:
        return str(n)
    if n < len(ONES):
        return ONES[n]
    return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")


def span(seeds: range) -> str:
    """E.g. "1 to 32"."""
    return f"{seeds.start} to {seeds.stop - 1}"


def seeds_phrase(seeds: tuple[int, ...]) -> str:
    """E.g. "1 to 32" for a run of seeds, else "1, 4 and 9"."""
    run = range(seeds[0], seeds[-1] + 1)
    return span(run) if len(seeds) > 2 and tuple(run) == seeds else listed([str(seed) for seed in seeds])

IMPORT = re.compile(r"^from pft\.experiments import (\w+)", re.MULTILINE)


@cache
def declared() -> dict[str, effects.Effect]:
    """Every declared effect by "experiment/name"."""
    return effects.declared()


@cache
def robustness() -> dict:
    """The robustness file, read once per build."""
    return effects.load()


@cache
def with_other_models() -> dict:
    """The other models' file, read once per build."""
    return other_models.load()


def models_kept(key: str) -> int | None:
    """With how many other pretrained models effect ``key`` bears out its sentence (None: no claim)."""
    try:
        found = other_models.records(with_other_models(), key)
    except KeyError:
        raise PluginError(f"effect {key} is not in {other_models.DATA.name}: run make other-models") from None
    return other_models.bears_out(declared()[key], found)


def short_with_others(key: str) -> bool:
    """Whether effect ``key`` makes a claim that some other pretrained model does not bear out."""
    kept = models_kept(key)
    return kept is not None and kept < len(other_models.SEEDS)


def models_phrase(key: str) -> str:
    """E.g. " Other pretrained models: the sentence holds with 2 of 3.", or "" for no claim."""
    kept = models_kept(key)
    return "" if kept is None else f" Other pretrained models: the sentence holds with {kept} of {len(other_models.SEEDS)}."


def keys_for(experiment: str, page: str, anchor: str) -> list[str]:
    """Keys of the effects ``experiment`` declares for section ``anchor`` of ``page`` (a file name)."""
    section = f"{page.removesuffix('.md')}/{anchor}"
    return [key for key, effect in declared().items()
            if key.startswith(f"{experiment}/") and effect.page == section]


def line(key: str) -> str:
    """The robustness line of one effect."""
    experiment, name = key.split("/")
    record = robustness().get(experiment, {}).get("effects", {}).get(name)
    if record is None:
        raise PluginError(f"effect {key} is not in the robustness file: run make robustness")
    return effects.describe(declared()[key], record)


def origin_sentence(keys: list[str]) -> str:
    """One sentence: how many of these effects are set by hand, follow from the data, emerge from training."""
    forms = {effects.HAND: ("is set by hand", "are set by hand"),
             effects.DATA: ("follows from how the data is generated", "follow from how the data is generated"),
             effects.TRAINING: ("emerges from training", "emerge from training")}
    parts = []
    for origin in effects.ORIGINS:
        n = sum(declared()[k].origin == origin for k in keys)
        if n:
            parts.append(f"{n} {forms[origin][n > 1]}")
    return f"Built in or learned: of these {len(keys)}, {listed(parts)}."


def _revised(key: str) -> str:
    note = declared()[key].revised
    return f" (Revised: {note}.)" if note else ""


def render_box(experiment: str, page: str, anchors: list[str]) -> str:
    """The box for ``<!-- effects: experiment -->`` on ``page``, which stands under the sections ``anchors``."""
    if len(anchors) != 1:
        raise PluginError(f"{page}: <!-- effects: {experiment} --> must appear once per page "
                          f"(found {len(anchors)}); declare the effects of another section under its own page")
    keys = keys_for(experiment, page, anchors[0])
    if not keys:
        raise PluginError(f"{page}: <!-- effects: {experiment} --> is under #{anchors[0]}, "
                          f"but {experiment} declares no effect for that section")
    seeds = len(effects.reporting_seeds(experiment))
    depth = page.count("/")
    about, seeds_about = ("../" * depth + anchor for anchor in (TABLE_ANCHOR, SEEDS_ANCHOR))
    out = [f'!!! success "What the toy shows, on {seeds} seeds no one tuned for"', ""]
    out += [f"    - {declared()[key].sentence} *{line(key).capitalize()}.{models_phrase(key)}*{_revised(key)}"
            for key in keys]
    out += ["", f"    {origin_sentence(keys)} The [table of mechanisms]({about}) says which. Every seed draws new "
                f"data for the same pretrained model ([what a seed changes]({seeds_about})).{_short_with_others(keys)}", ""]
    return "\n".join(out)


def _short_with_others(keys: list[str]) -> str:
    short = [key for key in keys if short_with_others(key)]
    if not short:
        return ""
    n = len(short)
    return (f" {in_words(n).capitalize()} of these {'falls' if n == 1 else 'fall'} short of {'its sentence' if n == 1 else 'their sentences'} with "
            f"at least one of {in_words(len(other_models.SEEDS))} other models pretrained the same way: "
            f"{'it shows' if n == 1 else 'they show'} what the shipped model does, not what any model of its kind does.")


def render_others(page: str) -> str:
    """The About page's list of the effects that fall short with some other pretrained model."""
    total = len(other_models.SEEDS)
    claimed = {key: kept for key in declared() if (kept := models_kept(key)) is not None}
    short = {key: kept for key, kept in claimed.items() if short_with_others(key)}
    text = (f"Every experiment was run again on its reporting seeds with {in_words(total)} other models, trained by the "
            f"shipped model's recipe with pretraining seeds {seeds_phrase(other_models.SEEDS)}: other starting "
            f"weights and another draw of the general corpus (`make other-models`). Of the {len(claimed)} effects "
            f"the pages state, {len(claimed) - len(short)} bear out their sentences with all {in_words(total)} of them. "
            f"Every effect must bear out its sentence with at least {in_words(other_models.MOST)}, more than half, "
            f"or the sentence changes: a test checks it, so no page states an effect that most models of its kind "
            f"do not bear out (a rule set once these models had run).")
    if not short:
        return text
    out = [text + f" The other {len(short)} fall short with some of them, fewest models first, and their boxes on "
           f"the pages say so:", "",
           f"| Effect | Holds with, of {total} | Page |", "|---|---|---|"]
    for key, kept in sorted(short.items(), key=lambda item: item[1]):
        section, anchor = declared()[key].page.split("/")
        out.append(f"| {declared()[key].sentence.replace('|', '/')} | {kept} "
                   f"| [{section.replace('-', ' ')}]({section}.md#{anchor}) |")
    return "\n".join(out)


def render_table() -> str:
    """The About page's table: one row per effect, its mechanism, and whether it was put in by hand."""
    tuning = [span(block) for block in effects.TUNING_SEEDS]

    intro = (f"The pages run seed {effects.PAGE_SEED}. Settings, margins and sentences were chosen looking at "
             f"seeds {listed(tuning)} only; the counts below are over seeds "
             f"{span(effects.REPORTING_SEEDS)}, run once after the settings were frozen.")
    for block in dict.fromkeys(effects.REPORTED_AGAIN.values()):
        names = [name for name, seen in effects.REPORTED_AGAIN.items() if seen == block]
        because = effects.REPORTED_AGAIN_BECAUSE[block].format(names=listed([f"`{name}`" for name in names]))
        they, them = ("they were", "them") if len(names) > 1 else ("it was", "it")
        # Experiments that share a block share their history (a test holds them to it).
        looked_at = listed([span(seen) for seen in effects.tuning_seeds(names[0])[len(effects.TUNING_SEEDS):]])
        intro += (f" {because[0].upper()}{because[1:]}, so {they} run once more, on seeds {span(block)}; "
                  f"for {them}, seeds {looked_at} count as tuning seeds.")
    if any(effect.revised for effect in declared().values()):
        intro += (" Where a sentence did not hold on an earlier reporting block or on a later check on fresh seeds, "
                  "it was weakened to what held there, says so, and that block became a tuning block; where a "
                  "sentence, or how it is checked, was corrected later, it says so too.")
    intro += (f" The last column says with how many of {in_words(len(other_models.SEEDS))} other pretrained models the sentence "
              f"holds on the same seeds ([what a seed changes]({SEEDS_ANCHOR.removeprefix('about-models.md')})).")
    rows = [intro, "", "| Effect | Mechanism | Built in or learned | On the reporting seeds | Other models |",
            "|---|---|---|---|---|"]
    for key, effect in declared().items():
        page, anchor = effect.page.split("/")
        rows.append(f"| {effect.sentence.replace('|', '/')}{_revised(key)} ([{page.replace('-', ' ')}]({page}.md#{anchor})) "
                    f"| {effect.mechanism.replace('|', '/')} | {effect.origin} | {line(key)} | {_models_cell(key)} |")
    return "\n".join(rows)


def _models_cell(key: str) -> str:
    kept = models_kept(key)
    return "-" if kept is None else f"{kept} of {len(other_models.SEEDS)}"


def evidence(snippet: str) -> str:
    """For the claim map: how well the effects of the experiment ``snippet`` runs hold, or "".

    E.g. " (3 effects, 1 set by hand; the weakest held on 29 of 30 unseen seeds; 1 falls short with another
    pretrained model)". An effect set by hand illustrates a mechanism we built in: the count keeps a
    reader of the claim map from taking its seeds for a finding.
    """
    path = SNIPPETS / snippet
    experiments = IMPORT.findall(path.read_text(encoding="utf-8")) if path.exists() else []
    records = [(declared()[key], robustness()[key.split("/")[0]]["effects"][key.split("/")[1]])
               for key in declared() if key.split("/")[0] in experiments]
    if not records:
        return ""
    held = [sum(record["holds"]) for effect, record in records if effect.holds is not None]
    seeds = len(records[0][1]["values"])
    weakest = f"; the weakest held on {min(held)} of {seeds} unseen seeds" if held else ""
    short = sum(short_with_others(key) for key in declared() if key.split("/")[0] in experiments)
    others = f"; {short} {'falls' if short == 1 else 'fall'} short with another pretrained model" if short else ""
    hand = sum(effect.origin == effects.HAND for effect, _ in records)
    built = "" if not hand else ", all set by hand" if hand == len(records) else f", {hand} set by hand"
    return f" ({len(records)} effects{built}{weakest}{others})"
