"""The two tools as pages: answers from a link or a form in, a result to show and a summary to paste out.

One call, [`respond`][pft.decision.page.respond], serves the page's form in the browser and
the page's build (which shows the result for the defaults to readers without JavaScript):

- the answers arrive as a URL query (``test_set=yes&latency=meets``), so a link reproduces a
  decision; each field is checked on its own and a bad one gets a message for its field;
- the result is a small tree of elements (tag, text, class, link), which the build writes
  as escaped HTML and the page builds with ``textContent``, so nothing a reader or a link
  types is ever read as HTML;
- the summary is Markdown (answers, result, reasons with links to the evidence, the site's
  version) for a team's own guide.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import parse_qsl, urlencode

from pft.decision import guide, pricing
from pft.decision.fields import Choice, defaults, describe, parse, specs

__all__ = ["MAX_QUERY", "PRESET", "TAGS", "TOOLS", "Links", "Node", "Tool", "form_html", "query", "render_html", "respond",
           "respond_json"]

SENSITIVITY_SHOWN = 5
"""How many inputs the calculator lists under "what moves the answer most"."""
PRESET = "preset"
"""The query name of the cost calculator's preset (not an input: where the inputs start from)."""
MAX_QUERY = 4_000
"""Longest query read from a link: the tools' answers need well under a thousand characters."""

TAGS = ("p", "strong", "span", "ol", "ul", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "h3", "div")
"""Every element a result may contain (the page refuses others)."""

Node = dict[str, Any]
"""``{"tag": ..., "text"?: str, "class"?: str, "href"?: str, "children"?: [Node, ...]}``"""


def node(tag: str, *children: Node | str, cls: str = "", href: str = "") -> Node:
    """An element: string children become text nodes (``{"tag": "#text"}``)."""
    item: Node = {"tag": tag}
    if cls:
        item["class"] = cls
    if href:
        item["href"] = href
    if children:
        item["children"] = [{"tag": "#text", "text": c} if isinstance(c, str) else c for c in children]
    return item


def render_html(tree: Node) -> str:
    """A result tree as HTML, every text escaped (the build's rendering of what the page builds)."""
    if tree["tag"] == "#text":
        return html.escape(tree["text"], quote=False)
    if tree["tag"] not in TAGS:
        raise ValueError(f"a result may not contain <{tree['tag']}>")
    attrs = "".join(f' {name}="{html.escape(tree[key], quote=True)}"'
                    for key, name in (("class", "class"), ("href", "href")) if tree.get(key))
    inner = "".join(render_html(child) for child in tree.get("children", []))
    return f"<{tree['tag']}{attrs}>{inner}</{tree['tag']}>"


# ---------------------------------------------------------------- links to the evidence


@dataclass(frozen=True)
class Links:
    """Where the evidence is: the site's root URL and a label for each ``page.md#anchor`` target."""

    site: str
    labels: Mapping[str, str]

    def href(self, target: str) -> str:
        page, _, anchor = target.partition("#")
        path = "" if page == "index.md" else page.removesuffix(".md") + "/"
        return self.site + path + (f"#{anchor}" if anchor else "")

    def label(self, target: str) -> str:
        return self.labels.get(target, target)

    def nodes(self, targets: tuple[str, ...]) -> list[Node | str]:
        parts: list[Node | str] = []
        for i, target in enumerate(targets):
            parts += [" · " if i else " (", node("a", self.label(target), href=self.href(target))]
        return parts + [")"] if targets else []

    def markdown(self, targets: tuple[str, ...]) -> str:
        return "; ".join(f"[{self.label(t)}]({self.href(t)})" for t in targets)


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
            f"{pricing.money(result.monthly(best.key))} a month, {pricing.money(result.lead)} less than the next.")


def _cost_tree(result: pricing.Comparison, links: Links) -> Node:
    m, v = pricing.money, pricing.volume
    best = result.cheapest
    parts = [node("p", _cost_headline(result), cls="pft-tool-headline")]
    rows = [node("tr", node("td", o.label), node("td", m(result.monthly(o.key))), node("td", f"${o.per_call:.6f}"),
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


def _cost_summary(result: pricing.Comparison, links: Links) -> list[str]:
    return ["```text", *pricing.report_lines(result), "```", "",
            "Every option is assumed to reach your quality bar; check that on your test set"
            + (f" ({links.markdown(('decision-guide.md#questionnaire',))})." if links.site else ".")]


TOOLS: dict[str, Tool] = {
    "guide": Tool("guide", "Decision guide", guide.Answers, guide.decide, lambda advice: advice.summary,
                  _guide_tree, _guide_summary),
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
            pairs.append((f.name, value if isinstance(value, str) else _query_number(value)))
    return urlencode(pairs)


def _query_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _preset(tool: Tool, key: str | None) -> tuple[pricing.Preset | None, str]:
    """The preset a query names (the first when it names none), and a message if it names an unknown one."""
    if not tool.presets:
        return None, "" if key is None else "this tool has no presets"
    found = {p.key: p for p in tool.presets}
    if key is None or key in found:
        return found.get(key, tool.presets[0]), ""
    return tool.presets[0], f"must be one of {', '.join(found)}; got {key!r}"


def _read_query(text: str) -> tuple[dict[str, str], str]:
    """The query's pairs, or none and a notice when it is too long or malformed."""
    if len(text) > MAX_QUERY:
        return {}, f"The link's answers were longer than {MAX_QUERY:,} characters, so the defaults are shown."
    try:
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True, strict_parsing=bool(text.strip("?")),
                          max_num_fields=200)
    except ValueError:
        return {}, "The link's answers could not be read, so the defaults are shown."
    raw: dict[str, str] = {}
    for name, value in pairs:
        if name in raw:
            return {}, f"The link gives {name!r} twice, so the defaults are shown."
        raw[name] = value
    return raw, ""


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
        ``notice`` (about a link, or ``""``), ``query`` (the canonical query), ``title``,
        ``tree`` (the result to show), ``summary`` (Markdown to paste) and, when asked,
        ``chart`` (``{"title", "svg"}``).
    """
    req = json.loads(request) if isinstance(request, str) else dict(request)
    tool = TOOLS.get(str(req.get("tool")))
    if tool is None:
        raise ValueError(f"tool must be one of {', '.join(TOOLS)}; got {req.get('tool')!r}")
    links = Links(str(req.get("site", "")), dict(req.get("labels") or {}))
    raw, notice = _read_query(str(req.get("query", "")))
    preset, preset_problem = _preset(tool, raw.pop(PRESET, None))
    parsed = parse(tool.inputs, raw, preset.inputs if preset else None)
    if preset_problem:
        parsed.problems[PRESET] = preset_problem
    from_link = req.get("source", "link") == "link"
    if from_link and not notice and (parsed.problems or parsed.unknown):
        names = ", ".join(sorted(set(parsed.problems) | set(parsed.unknown)))
        notice = f"This link's value for {names} could not be used, so the default is shown there."
    values = parsed.value
    result = tool.compute(values)
    canonical = query(values, preset)
    title = f"{tool.title}: {tool.headline(result)}"
    link = str(req.get("page", "")) + ("?" + canonical if canonical else "")
    answers = [f"- {spec.label}{'' if spec.label.endswith('?') else ':'} {describe(values, name)}"
               for name, spec in specs(tool.inputs).items()]
    summary = [f"## {title}", "", f"Link: <{link}>", "", "**Answers:**", *answers, "",
               *tool.summary(result, links), "", f"From *Prompt or Fine-Tune?*, version {req.get('version', '')}."]
    reply = {
        "title": title,
        "values": {name: raw[name] if name in parsed.problems and not from_link else _text(values, name)
                   for name in specs(tool.inputs)} | ({PRESET: preset.key} if preset else {}),
        "problems": {} if from_link else parsed.problems,
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
    return value if isinstance(spec, Choice) else _query_number(value)



# ---------------------------------------------------------------- the form, as the build writes it


def _attrs(**values: str) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{html.escape(value, quote=True)}"'
                   for name, value in values.items() if value)


def _help_and_message(key: str, help_text: str) -> str:
    help_html = f'<p class="pft-field-help" id="help-{key}">{html.escape(help_text)}</p>' if help_text else ""
    return help_html + f'<p class="pft-field-message" id="msg-{key}"></p>'


def _choice_field(name: str, spec: Choice, value: str) -> str:
    radios = "".join(
        f'<label class="pft-choice"><input type="radio"{_attrs(name=name, value=v)}'
        f'{" checked" if v == value else ""}> {html.escape(label)}</label>' for v, label in spec.options)
    described = " ".join(x for x in (f"help-{name}" if spec.help else "", f"msg-{name}") if x)
    return (f'<fieldset class="pft-field"{_attrs(id=f"field-{name}", aria_describedby=described)}>'
            f"<legend>{html.escape(spec.label)}</legend>{radios}{_help_and_message(name, spec.help)}</fieldset>")


def _number_field(tool: str, name: str, spec: Any, value: str) -> str:
    described = " ".join(x for x in (f"unit-{name}", f"help-{name}" if spec.help else "", f"msg-{name}") if x)
    return (f'<div class="pft-field"{_attrs(id=f"field-{name}")}><label{_attrs(for_=f"{tool}-{name}")}>'
            f"{html.escape(spec.label)}</label> <span class=\"pft-input\"><input type=\"text\" inputmode=\"decimal\" "
            f'autocomplete="off"{_attrs(id=f"{tool}-{name}", name=name, value=value, aria_describedby=described)}>'
            f' <span class="pft-unit"{_attrs(id=f"unit-{name}")}>{html.escape(spec.unit)}</span></span>'
            f"{_help_and_message(name, spec.help)}</div>")


def _preset_field(tool: Tool, chosen: str) -> str:
    options = "".join(f'<option{_attrs(value=p.key)}{" selected" if p.key == chosen else ""}>{html.escape(p.label)}'
                      f"</option>" for p in tool.presets)
    sources = next(p.source for p in tool.presets if p.key == chosen)
    return (f'<div class="pft-field"{_attrs(id=f"field-{PRESET}")}><label{_attrs(for_=f"{tool.key}-{PRESET}")}>'
            f"Start from</label> <select{_attrs(id=f'{tool.key}-{PRESET}', name=PRESET)}"
            f'{_attrs(aria_describedby=f"help-{PRESET} msg-{PRESET}")}>{options}</select>'
            f"{_help_and_message(PRESET, sources)}</div>")


def form_html(tool_key: str, *, root: str, site: str, page: str, labels: Mapping[str, str], version: str) -> str:
    """The tool as the build writes it: the form with the defaults, the result for the defaults
    (what a reader without JavaScript sees), the actions, the summary for print and the data the
    page's script reads.

    Args:
        tool_key: ``"guide"`` or ``"cost"``.
        root: The site's root relative to this page (``"../"``), for the result's links.
        site: The site's public URL, for the summary's links.
        page: This page's public URL.
        labels: Evidence target -> link label.
        version: The site's version and date.
    """
    tool = TOOLS[tool_key]
    reply = respond({"tool": tool_key, "query": "", "site": site, "page": page, "labels": labels,
                     "version": version, "chart": True})
    table = specs(tool.inputs)
    groups = tool.groups or (("", tuple(table)),)
    parts = [_preset_field(tool, reply["values"][PRESET])] if tool.presets else []
    for title, names in groups:
        fields_html = "".join(_choice_field(n, table[n], reply["values"][n]) if isinstance(table[n], Choice)
                              else _number_field(tool_key, n, table[n], reply["values"][n]) for n in names)
        parts.append(f'<fieldset class="pft-group"><legend>{html.escape(title)}</legend>{fields_html}</fieldset>'
                     if title else fields_html)
    result = render_html(respond({"tool": tool_key, "query": "", "site": root, "labels": labels})["tree"])
    chart = ""
    if "chart" in reply:
        chart = (f'<figure class="pft-chart"{_attrs(role="img", aria_label=reply["chart"]["title"])}>'
                 f'{reply["chart"]["svg"]}</figure>')
    data = {"tool": tool_key, "root": root, "labels": dict(labels), "version": version, "tags": list(TAGS),
            "presets": {p.key: p.source for p in tool.presets}}
    # An attribute, not a <script type="application/json">: instant navigation re-creates script elements.
    return (
        f'<div class="pft-tool"{_attrs(data_tool=tool_key, data_tool_data=json.dumps(data, separators=(",", ":")))}>'
        f'<form class="pft-tool-form"{_attrs(aria_label=f"{tool.title}: your answers")}>{"".join(parts)}</form>'
        '<p class="pft-tool-status" role="status"><span>The result below is for the answers shown when the page '
        "opened; it follows your answers once the page's Python has started (this needs JavaScript).</span>"
        '<progress max="1" hidden aria-label="Loading Python"></progress></p>'
        '<p class="pft-tool-notice" role="alert" hidden></p>'
        f'<div class="pft-tool-output" aria-live="polite">{result}</div>'
        f'<div class="pft-tool-chart">{chart}</div>'
        '<p class="pft-tool-actions"><button type="button" class="pft-button pft-tool-copy">Copy summary</button> '
        f'<a class="pft-tool-link" href="./">Link to these answers</a></p>'
        # Newlines as references: a blank line would end the HTML block in the page's Markdown.
        f'<pre class="pft-tool-summary"><code>{html.escape(reply["summary"]).replace(chr(10), "&#10;")}</code></pre>'
        "</div>"
    )


def respond_json(request: str) -> str:
    """[`respond`][pft.decision.page.respond] as JSON text: what the page's script calls."""
    return json.dumps(respond(request), separators=(",", ":"))
