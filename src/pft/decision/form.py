"""The two tools' forms as the build writes them into their pages.

[`form_html`][pft.decision.form.form_html] writes the fields with their labels, units, help
and defaults, the result for the defaults (what a reader without JavaScript sees), the actions,
the summary for print, and the data the page's script reads. Every answer after that comes from
[`respond`][pft.decision.page.respond], in the browser; this module runs only at build time.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from pft.decision.fields import Choice, specs
from pft.decision.elements import TAGS, render_html
from pft.decision.page import MAX_QUERY, PRESET, PRESET_LABEL, TOOLS, Tool, respond

__all__ = ["form_html"]


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
            f"{PRESET_LABEL}</label> <select{_attrs(id=f'{tool.key}-{PRESET}', name=PRESET)}"
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
            "max_query": MAX_QUERY,
            # A preset fills the form at once, as a link does: a number typed straight after is added to it.
            "presets": {p.key: {"source": p.source, "values": respond({"tool": tool_key, "query": f"{PRESET}={p.key}"})["values"]}
                        for p in tool.presets}}
    # An attribute, not a <script type="application/json">: instant navigation re-creates script elements.
    return (
        f'<div class="pft-tool"{_attrs(data_tool=tool_key, data_tool_data=json.dumps(data, separators=(",", ":")))}>'
        f'<form class="pft-tool-form"{_attrs(aria_label=f"{tool.title}: your answers")}>{"".join(parts)}</form>'
        '<p class="pft-tool-status" role="status"><span>The result below is for the default answers. With '
        "JavaScript it follows your answers, and those of a link you opened; without it, it stays as shown.</span>"
        '<progress max="1" hidden aria-label="Loading Python"></progress></p>'
        '<p class="pft-tool-notice" role="alert" hidden></p>'
        # A screen reader hears the new headline when the result changes, not the whole table again.
        '<p class="pft-tool-announce pft-visually-hidden" aria-live="polite"></p>'
        f'<div class="pft-tool-output">{result}</div>'
        f'<div class="pft-tool-chart">{chart}</div>'
        '<p class="pft-tool-actions"><button type="button" class="pft-button pft-tool-copy">Copy summary</button> '
        f'<a class="pft-tool-link" href="./">Link to these answers</a></p>'
        # Newlines as references: a blank line would end the HTML block in the page's Markdown.
        f'<pre class="pft-tool-summary"><code>{html.escape(reply["summary"]).replace(chr(10), "&#10;")}</code></pre>'
        "</div>"
    )
