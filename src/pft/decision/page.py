"""The two tools as pages: answers from a link or a form in, a result to show and a summary to paste out.

One call, [`respond`][pft.decision.page.respond], serves the page's form in the browser and
the page's build (which shows the result for the defaults to readers without JavaScript):

- the answers arrive as a URL query (``test_set=yes&latency=meets``), so a link reproduces a
  decision; each field is checked on its own and a bad one gets a message for its field;
- the result is a small tree of elements ([`elements`][pft.decision.elements]), which the
  build writes as escaped HTML and the page builds with ``textContent``, so nothing a reader
  or a link types is ever read as HTML;
- the summary is Markdown (answers, result, reasons with links to the evidence, the site's
  version) for a team's own guide.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import parse_qsl, urlencode

from pft.decision import guide, pricing
from pft.decision.elements import Links, Node, node
from pft.decision.fields import Choice, defaults, describe, parse, shortened, specs, unformatted

__all__ = ["MAX_QUERY", "PRESET", "PRESET_LABEL", "TOOLS", "Tool", "query", "respond", "respond_json"]

SENSITIVITY_SHOWN = 5
"""How many inputs the calculator lists under "what moves the answer most"."""
PRESET = "preset"
"""The query name of the cost calculator's preset (not an input: where the inputs start from)."""
PRESET_LABEL = "Start from"
"""The preset's label on the form, and its name in a link's notice."""
MAX_QUERY = 4_000
"""Longest query read from a link: the tools' answers need well under a thousand characters."""
MAX_PAIRS = 200
"""Most name=value pairs read from a link: each tool has a few dozen answers at most."""


# ---------------------------------------------------------------- the two tools


@dataclass(frozen=True)
class Tool:
    """A tool: its inputs, what computes its result, and how the result is named, shown and summarised."""

    key: str
    title: str
    inputs: type
    compute: Callable[[Any], Any]
    headline: Callable[[Any], str]
    tree: Callable[[Any, Links], Node]
    summary: Callable[[Any, Links], list[str]]
    presets: tuple[pricing.Preset, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    set_aside: Callable[[Any, str], str] = lambda values, name: ""
    """Why an answer is not used as given (``""`` when it is), for the summary's list of answers."""


def _guide_tree(advice: guide.Recommendation, links: Links) -> Node:
    parts = [node("p", node("strong", "Recommendation: "), advice.summary, cls="pft-tool-headline")]
    if advice.provisional:
        parts.append(node("p", "Provisional: nothing has been measured on a test set yet, so every step after the "
                               "first is a hypothesis to check.", cls="pft-tool-provisional"))
    if advice.plan:
        parts += [node("p", node("strong", "Plan")), node("ol", *(node("li", guide.PLAN[k]) for k in advice.plan))]
    reasons = [node("li", node("strong", _reason_title(r) + ": "), r.text, *links.nodes(r.evidence))
               for r in advice.reasons]
    parts += [node("p", node("strong", "Why")), node("ul", *reasons)]
    return node("div", *parts, cls="pft-tool-result")


def _reason_title(reason: guide.Reason) -> str:
    if reason.question == "method":
        return "Method"
    spec = specs(guide.Answers)[reason.question]
    return f"{spec.label} {dict(spec.options)[reason.answer]}"


def _guide_summary(advice: guide.Recommendation, links: Links) -> list[str]:
    lines = [f"**Recommendation:** {advice.summary}", ""]
    if advice.plan:
        lines += ["**Plan:**"] + [f"{i}. {guide.PLAN[k]}" for i, k in enumerate(advice.plan, 1)] + [""]
    lines.append("**Why:**")
    for reason in advice.reasons:
        where = f" ({links.markdown(reason.evidence)})" if reason.evidence else ""
        lines.append(f"- {_reason_title(reason)}: {reason.text}{where}")
    return lines


def _cost_headline(result: pricing.Comparison) -> str:
    best = result.cheapest
    return (f"At {pricing.volume(result.inputs.calls_per_day)} the cheapest option is {best.label}, "
            f"{pricing.money(result.monthly(best.key))} a month, {result.lead_text}.")


def _cost_tree(result: pricing.Comparison, links: Links) -> Node:
    m, v = pricing.money, pricing.volume
    best = result.cheapest
    parts = [node("p", f"{_cost_headline(result)} {result.over_life_text}", cls="pft-tool-headline")]
    rows = [node("tr", node("td", o.label), node("td", m(result.monthly(o.key))), node("td", _per_call(o)),
                 node("td", m(o.upfront))) for o in result.ranking]
    header = node("tr", *(node("th", h) for h in ("Option", "Per month", "Per call (tokens)", "Up front")))
    parts.append(node("table", node("thead", header), node("tbody", *rows)))
    parts.append(node("p", node("strong", f"Cheapest from 0 to {v(result.inputs.chart_max_calls)}")))
    parts.append(node("ul", *(node("li", f"{v(b.low)} to {v(b.high)}: {pricing.OPTIONS[b.option]}")
                              for b in result.bands)))
    parts.append(node("p", node("strong", "Break-even volumes")))
    parts.append(node("ul", *(node("li", f"{pricing.OPTIONS[p.first]} and {pricing.OPTIONS[p.second]}: "
                                   + (", ".join(v(x) for x in p.volumes) or "none in this range"))
                              for p in result.break_evens)))
    parts.append(node("p", node("strong", f"What moves the answer most: each input moved "
                                          f"{pricing.SENSITIVITY_STEP:.0%} down and up, and the {best.label.lower()}'s "
                                          f"lead over the next option, per month")))
    parts.append(node("ol", *(node("li", s.describe()) for s in result.sensitivity[:SENSITIVITY_SHOWN])))
    return node("div", *parts, cls="pft-tool-result")


def _per_call(option: pricing.Option) -> str:
    """What a call costs in tokens; an option that pays for its machines by the hour has no such cost."""
    if option.per_gpu_month and not option.per_call:
        return "none: its GPUs are paid by the hour"
    return f"${option.per_call:.6f}"


def _cost_summary(result: pricing.Comparison, links: Links) -> list[str]:
    return ["```text", *pricing.report_lines(result), "```", "",
            "Every option is assumed to reach your quality bar; check that on your test set"
            + (f" ({links.markdown(('decision-guide.md#questionnaire',))})." if links.site else ".")]


TOOLS: dict[str, Tool] = {
    "guide": Tool("guide", "Decision guide", guide.Answers, guide.decide, lambda advice: advice.summary,
                  _guide_tree, _guide_summary, set_aside=guide.set_aside),
    "cost": Tool("cost", "Cost calculator", pricing.CostInputs, pricing.compare, _cost_headline,
                 _cost_tree, _cost_summary, pricing.PRESETS, (
                     ("Workload", ("calls_per_day", "prefix_tokens", "input_tokens", "output_tokens", "reasoning_tokens",
                                   "days_per_month")),
                     ("Large model", ("input_price", "output_price")),
                     ("Prompt caching", ("cache_read", "cache_write_premium", "cache_hit_rate")),
                     ("Batch jobs", ("batch_share", "batch_discount")),
                     ("Fine-tuned large model", ("tuned_premium", "tuned_prompt_tokens", "hosting_per_month",
                                                 "training_price", "training_tokens", "epochs")),
                     ("Fine-tuned smaller model", ("small_input_price", "small_output_price", "small_training_price")),
                     ("Self-hosted", ("gpu_per_hour", "calls_per_gpu_hour")),
                     ("One-off costs and the model's life", ("labelled_examples", "cost_per_label", "evaluation_cost",
                                                             "model_life_months")),
                     ("Chart", ("chart_max_calls",)),
                 )),
}


# ---------------------------------------------------------------- queries


def query(values: object, preset: pricing.Preset | None = None) -> str:
    """The URL query of `values`: the preset, if not the first, and only the answers that differ from it."""
    base = defaults(type(values)) if preset is None else {f.name: getattr(preset.inputs, f.name) for f in fields(values)}
    pairs = [(PRESET, preset.key)] if preset is not None and preset is not pricing.PRESETS[0] else []
    for f in fields(values):
        value = getattr(values, f.name)
        if value != base[f.name]:
            pairs.append((f.name, value if isinstance(value, str) else unformatted(value)))
    return urlencode(pairs)


def _preset(tool: Tool, key: str | None) -> tuple[pricing.Preset | None, str]:
    """The preset a query names (the first when it names none), and a message if it names an unknown one."""
    if not tool.presets:
        return None, "" if key is None else "this tool has no presets"
    found = {p.key: p for p in tool.presets}
    if key is None or key in found:
        return found.get(key, tool.presets[0]), ""
    return tool.presets[0], f"must be one of {', '.join(found)}; got {key!r}"


def _read_query(text: str, from_link: bool) -> tuple[dict[str, str], set[str], str]:
    """The query's pairs, the names it gives more than once (left out: which value was meant?), and a
    notice when it cannot be read at all. Empty pairs (a stray ``&``, as chat programs add) are skipped;
    a name with no ``=`` (``?debug``) has an empty value, so it is judged like any other pair. Only a
    link's length is limited: a form's text, however long, is judged field by field."""
    if from_link and len(text) > MAX_QUERY:
        return {}, set(), f"The link's answers take more than {MAX_QUERY:,} characters of its address, so the defaults are shown."
    try:
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_PAIRS)
    except ValueError:
        return {}, set(), f"The link had more than {MAX_PAIRS} answers, so the defaults are shown."
    raw: dict[str, str] = {}
    repeated = set()
    for name, value in pairs:
        if name in raw:
            repeated.add(name)
        raw[name] = value
    return {name: value for name, value in raw.items() if name not in repeated}, repeated, ""


SHOWN_NAMES = 3
"""How many of a link's names that are no field a notice lists before it counts the rest."""


def _names(names: set[str] | tuple[str, ...], labels: Mapping[str, str] | None = None) -> str:
    """The names a link gave, as the reader knows them: a field's label where it has one, quoted;
    of the others, the first `SHOWN_NAMES`, each `shortened` and quoted as Python quotes text (so a
    character that hides or reorders text shows as its escape), and how many more."""
    labels = labels or {}
    order = {name: place for place, name in enumerate(labels)}  # the form's order, then the rest by name
    ordered = sorted(names, key=lambda name: (name not in order, order.get(name, 0), name))
    others = [repr(shortened(name)) if name else "(a value with no name)" for name in ordered if name not in labels]
    listed = [f"\u201c{labels[name]}\u201d" for name in ordered if name in labels] + others[:SHOWN_NAMES]
    more = len(others) - SHOWN_NAMES
    return ", ".join(listed) + (f" and {more:,} more" if more > 0 else "")


def respond(request: str | Mapping[str, Any]) -> dict[str, Any]:
    """Answer a page's request with everything it shows.

    Args:
        request: JSON (or a dict) with ``tool`` (``"guide"`` or ``"cost"``), ``query`` (the
            answers as a URL query), ``source`` (``"link"`` or ``"form"``), ``site`` (the
            site's root URL), ``page`` (this page's URL without query), ``labels`` (evidence
            target -> link label), ``version`` (the site's version and date) and ``chart``
            (also draw the calculator's chart).

    Returns:
        ``values`` (field -> text to show), ``problems`` (field -> message, for a form),
        ``readings`` (field -> how a number that could be read two ways was read, for a form),
        ``notice`` (about a link, or ``""``), ``query`` (the canonical query), ``title``,
        ``tree`` (the result to show), ``summary`` (Markdown to paste) and, when asked,
        ``chart`` (``{"title", "svg"}``).
    """
    req = json.loads(request) if isinstance(request, str) else dict(request)
    tool = TOOLS.get(str(req.get("tool")))
    if tool is None:
        raise ValueError(f"tool must be one of {', '.join(TOOLS)}; got {req.get('tool')!r}")
    links = Links(str(req.get("site", "")), dict(req.get("labels") or {}))
    from_link = req.get("source", "link") == "link"
    raw, repeated, notice = _read_query(str(req.get("query", "")), from_link)
    preset, preset_problem = _preset(tool, raw.pop(PRESET, None))
    parsed = parse(tool.inputs, raw, preset.inputs if preset else None)
    if preset_problem:
        parsed.problems[PRESET] = preset_problem
    if from_link and not notice:
        notices = []
        labels = {PRESET: PRESET_LABEL} | {name: spec.label for name, spec in specs(tool.inputs).items()}
        # A rule's problem marks every field it involves; the link gave only some of them.
        if unused := (set(parsed.problems) & (set(raw) | {PRESET})) | repeated:
            notices.append(f"This link's value for {_names(unused, labels)} could not be used, so the default is "
                           "shown there" + (f" ({_names(repeated, labels)} given more than once)." if repeated else "."))
            # Why, field by field: a broken rule's message, shared by its fields, is said once for them.
            why: dict[str, list[str]] = {}
            for name in filter((unused - repeated).__contains__, labels):  # in the form's order
                why.setdefault(parsed.problems[name], []).append(name)
            if why:
                notices += [f"{_names(tuple(names), labels)}: {message}." for message, names in why.items()]
        if parsed.unknown:
            one = len(parsed.unknown) == 1
            notices.append(f"The link's {_names(parsed.unknown)} {'is' if one else 'are'} not among this tool's "
                           f"answers and {'was' if one else 'were'} left out.")
        notices += [f"This link's value for {_names({name}, labels)} was {reading}."
                    for name, reading in parsed.readings.items()]
        notice = " ".join(notices)
    values = parsed.value
    result = tool.compute(values)
    canonical = query(values, preset)
    title = f"{tool.title}: {tool.headline(result)}"
    link = str(req.get("page", "")) + ("?" + canonical if canonical else "")
    answers = [f"- {spec.label}{'' if spec.label.endswith('?') else ':'} {describe(values, name)}"
               + (f" ({why})" if (why := tool.set_aside(values, name)) else "")
               for name, spec in specs(tool.inputs).items()]
    summary = [f"## {title}", "", f"Link: <{link}>", "", "**Answers:**", *answers, "",
               *tool.summary(result, links), "", f"From *Prompt or Fine-Tune?*, version {req.get('version', '')}."]
    shown = {name: _text(values, name) for name in specs(tool.inputs)}
    if not from_link:  # a field whose text was not used keeps it, beside its message
        shown |= {name: raw.get(name, shown[name]) for name in parsed.problems if name in shown}
    reply = {
        "title": title,
        "values": shown | ({PRESET: preset.key} if preset else {}),
        "problems": {} if from_link else parsed.problems,
        "readings": {} if from_link else parsed.readings,
        "notice": notice,
        "query": canonical,
        "tree": tool.tree(result, links),
        "summary": "\n".join(summary) + "\n",
    }
    if req.get("chart") and hasattr(result, "chart"):
        chart = result.chart()
        reply["chart"] = {"title": chart.title, "svg": chart.render_svg()}
    return reply


def _text(values: object, name: str) -> str:
    value = getattr(values, name)
    spec = specs(type(values))[name]
    return value if isinstance(spec, Choice) else unformatted(value)


def respond_json(request: str) -> str:
    """[`respond`][pft.decision.page.respond] as JSON text: what the page's script calls."""
    return json.dumps(respond(request), separators=(",", ":"))
