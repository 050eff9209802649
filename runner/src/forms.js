// The decision guide's and the cost calculator's forms: every change asks pft.decision.page (in the
// page's Python) for the result, which is built here from a tree of allowed elements with textContent
// only. The build wrote the form, the result for the defaults and the data this reads (data-tool-data).
import { client, onStatus } from "./python.js";
import { sanitiseSVG } from "./svg.js";

const MODULE = "pft.decision.page";
// A result that takes longer than this to come (it waits behind a running example, or for Python
// to restart) is marked as not matching the form; a quick one does not flicker.
const STALE_AFTER_MS = 300;
// How Python can be replaced under a call that had not begun (an example stopped by a restart, or
// crashed or ended Python): the fresh one is asked again. A failed start is not: it would fail again.
const ASK_AGAIN = new Set(["restarted", "crashed", "exited", "out-of-memory"]);
// Why a call that had begun, or could not begin, got no answer, in the reader's words (by the client's status).
const NO_ANSWER = { "not-started": "Python could not start; check the connection", restarted: "Python was restarted",
  crashed: "Python crashed", exited: "Python was ended", "out-of-memory": "Python ran out of memory" };
const tools = new WeakMap();
// The theme's search result adds the terms it highlights (?h=...): the reader's search, not a link's answers.
const SEARCH_TERMS = "h";

/** The tool's answers in the page's address, without the theme's search terms. */
function answersInAddress() {
  const params = new URLSearchParams(location.search);
  params.delete(SEARCH_TERMS);
  return params.toString();
}
let active = null;
onStatus((text, fraction) => active?.status(text, fraction));

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Tool {
  constructor(root) {
    this.root = root;
    // The page the tool is on, for its address: the theme changes the address before it swaps the page,
    // and an answer can come after that, even one asked for after it (queued behind an earlier one).
    this.path = location.pathname;
    this.data = JSON.parse(root.dataset.toolData);
    this.allowed = new Set(this.data.tags);
    this.form = root.querySelector(".pft-tool-form");
    this.output = root.querySelector(".pft-tool-output");
    this.announce = root.querySelector(".pft-tool-announce");
    this.chart = root.querySelector(".pft-tool-chart");
    this.notice = root.querySelector(".pft-tool-notice");
    this.summary = root.querySelector(".pft-tool-summary code");
    this.link = root.querySelector(".pft-tool-link");
    [this.statusText, this.progress] = root.querySelector(".pft-tool-status").children;
    this.pending = null;
    // The answers of the result shown, which the address goes back to while a field is to be fixed.
    this.shown = answersInAddress();
    this.busy = false;
    this.updating = false;
    this.slow = null; // the timer that marks a slow result as waiting
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", () => this.request("form", this.query()));
    this.form.addEventListener("change", (event) => this.changed(event));
    for (const type of ["focusin", "pointerdown"]) this.form.addEventListener(type, () => this.warm(), { passive: true });
    root.querySelector(".pft-tool-copy").addEventListener("click", () => this.copy());
    root.dataset.pftTool = "ready";
    tools.set(root, this);
    const query = answersInAddress();
    if (query) {
      // The link's answers are in the form at once, as typed: a change made before Python is ready
      // then applies to them, not to the defaults. Python checks them, and puts its reading back.
      this.fill(Object.fromEntries([...new URLSearchParams(query)].reverse()));
      this.request("link", query);
    }
    else this.status("Change an answer and the result follows it.");
  }

  warm() {
    active = this;
    client.boot();
  }

  status(text, fraction = null) {
    this.statusText.textContent = text;
    this.progress.hidden = fraction === null || fraction >= 1;
    if (!this.progress.hidden) this.progress.value = fraction;
  }

  query() {
    const params = new URLSearchParams();
    for (const field of this.form.elements) {
      if (!field.name || ((field.type === "radio" || field.type === "checkbox") && !field.checked)) continue;
      params.set(field.name, field.value);
    }
    return params.toString();
  }

  changed(event) {
    // A new preset replaces every number, in the form at once: a number typed before Python answers
    // is then added to the preset's, not to the numbers it replaced.
    if (event.target.name === "preset") this.fill(this.data.presets[event.target.value]?.values ?? {});
    if (event.target.name === "preset" || event.target.type === "radio") this.request("form", this.query());
  }

  // Only the newest answers matter: one request runs at a time, and the latest waiting one follows.
  request(source, query) {
    this.pending = { source, query };
    // The address takes the form's answers at once, not when Python has answered: a reader who leaves
    // while it starts, or while an example runs, gets them back with Back. Once it answers, the
    // address is the link of the result shown: a field's text it could not use is left out. Answers
    // longer than a link may carry stay out of it (read back, such a link would give the defaults).
    if (source === "form" && query.length <= this.data.max_query) this.remember(query);
    if (!this.busy) this.pump();
  }

  async pump() {
    this.busy = true;
    active = this;
    while (this.pending) {
      const { source, query } = this.pending;
      this.pending = null;
      await this.compute(source, query, false);
      if (!this.pending && this.data.tool === "cost" && this.lastOk) await this.compute(source, query, true);
    }
    this.busy = false;
  }

  async compute(source, query, chart) {
    if (!client.started) {
      this.markStale();
      this.status(source === "link" ? "Starting Python to compute the result for this link…" : "Starting Python…");
    }
    const request = {
      tool: this.data.tool,
      query,
      source: source === "link" ? "link" : "form",
      site: new URL(this.data.root, location.origin + this.path).href,
      page: location.origin + this.path,
      labels: this.data.labels,
      version: this.data.version,
      chart,
    };
    // The chart comes after the result it draws: only the result itself can fall behind the form.
    this.updating = !chart;
    if (!chart) this.slow = setTimeout(() => this.waiting(), STALE_AFTER_MS);
    let reply;
    try {
      reply = JSON.parse(await client.call(MODULE, "respond_json", JSON.stringify(request)));
    } catch (error) {
      if (ASK_AGAIN.has(error?.status) && !error.started) {
        this.pending ??= { source, query };
        return;
      }
      this.lastOk = false;
      this.markStale();
      const why = Object.hasOwn(NO_ANSWER, error?.status) ? `${NO_ANSWER[error.status]}; change an answer to try again`
        : String(error?.message ?? error).split("\n")[0];
      this.status(`The result could not be computed: ${why}.`);
      // The restart's progress would write over this; the next change listens to it again.
      if (active === this) active = null;
      return;
    } finally {
      clearTimeout(this.slow);
      this.updating = false;
    }
    this.show(reply, source, chart);
  }

  /** Mark what is shown as not for the form's answers: the result, and the chart drawn beside it. */
  markStale() {
    this.output.classList.add("pft-tool-stale");
    this.chart.classList.add("pft-tool-stale");
  }

  /** The result is slow to come: say why, and mark the one shown as not for the form's answers. */
  waiting() {
    this.markStale();
    // While Python starts, the status line already says so, with its progress; look again after.
    if (!client.started) {
      this.slow = setTimeout(() => this.waiting(), STALE_AFTER_MS);
      return;
    }
    this.status(client.runningExample
      ? "Waiting for the running example to finish: the result shown is not for these answers yet (Stop the example to update now)."
      : "Updating the result for these answers…");
  }

  show(reply, source, chart) {
    // A reader's change made meanwhile waits in `pending`: the form already holds their answers.
    if (source !== "form" && !this.pending) this.fill(reply.values);
    const problems = Object.keys(reply.problems);
    const marked = [];
    for (const field of this.form.querySelectorAll(".pft-field")) {
      const name = field.id.replace(/^field-/, "");
      const message = reply.problems[name] ?? "";
      // How a number that could be read two ways was read (20.000 as 20): said, but nothing to fix.
      const reading = message ? "" : reply.readings[name] ?? "";
      if (message) marked.push(this.label(field).slice(0, -1));
      const line = field.querySelector(".pft-field-message");
      line.textContent = message || reading ? `${this.label(field)} ${message || reading}` : "";
      line.classList.toggle("pft-field-reading", Boolean(reading));
      for (const input of field.querySelectorAll("input, select")) input.setAttribute("aria-invalid", String(Boolean(message)));
    }
    if (reply.values.preset !== undefined) {
      this.root.querySelector("#help-preset").textContent = this.data.presets[reply.values.preset]?.source ?? "";
    }
    this.notice.hidden = !reply.notice;
    this.notice.textContent = reply.notice;
    this.lastOk = problems.length === 0;
    if (!this.lastOk) {
      this.markStale();
      this.status(`Not updated: fix the marked field${problems.length > 1 ? "s" : ""} (${marked.join("; ")}) and the result follows.`);
      if (!this.pending) this.remember(this.shown);
      return;
    }
    this.output.classList.remove("pft-tool-stale");
    this.output.replaceChildren(this.build(reply.tree));
    if (this.announce.textContent !== reply.title) this.announce.textContent = reply.title;
    if (chart && reply.chart) {
      this.draw(reply.chart);
      this.root.dataset.pftChart = reply.query;
    }
    // The chart follows the result: until it is drawn for these answers, it is marked as the result was.
    this.chart.classList.toggle("pft-tool-stale", (this.root.dataset.pftChart ?? "") !== reply.query);
    this.summary.textContent = reply.summary;
    this.shown = reply.query;
    // Newer answers waiting in `pending` are in the address already.
    if (!this.pending) this.remember(reply.query);
    this.status(chart || this.data.tool !== "cost" ? "Up to date." : "Up to date; drawing the chart…");
    this.root.dataset.pftQuery = reply.query;
  }

  /** Put ``query`` in the page's address, in place, and in the tool's link, which is always the address. */
  remember(query) {
    // An answer that comes after the reader has moved to another page must not rewrite that page's address.
    if (!this.root.isConnected || location.pathname !== this.path) return;
    // A link to other answers than the address's would take the reader back to them, dropping what they typed.
    this.link.href = `${this.path}${query ? `?${query}` : ""}`;
    try {
      history.replaceState(history.state, "", `${this.link.getAttribute("href")}${location.hash}`);
    } catch {
      // Safari refuses more than 100 calls in 30 seconds, which typing can reach: the result still follows.
    }
  }

  label(field) {
    return (field.querySelector("legend, label")?.textContent ?? "").trim().replace(/[?:]$/, "") + ":";
  }

  fill(values) {
    for (const field of this.form.elements) {
      if (!field.name || !(field.name in values)) continue;
      if (field.type === "radio") field.checked = field.value === values[field.name];
      else field.value = values[field.name];
    }
  }

  // The result is a tree of allowed elements with text; links stay on this site.
  build(node) {
    if (node.tag === "#text") return document.createTextNode(node.text);
    const tag = this.allowed.has(node.tag) ? node.tag : "span";
    const el = element(tag, node.class);
    if (tag === "a" && node.href) {
      const url = new URL(node.href, location.href);
      if (url.origin === location.origin) el.href = url.href;
    }
    for (const child of node.children ?? []) el.append(this.build(child));
    return el;
  }

  draw({ title, svg }) {
    const figure = element("figure", "pft-chart");
    figure.setAttribute("role", "img");
    figure.setAttribute("aria-label", title);
    figure.append(sanitiseSVG(svg, document) ?? element("p", "pft-notice", `[chart: ${title}] could not be drawn`));
    this.chart.replaceChildren(figure);
  }

  async copy() {
    active = this;
    if (this.updating || this.pending) {
      this.status("Not copied yet: the result is being updated for the answers in the form. Copy it once it says it is up to date.");
      return;
    }
    if (this.output.classList.contains("pft-tool-stale")) {
      this.status("Not copied: the result shown is not for the answers in the form. Fix the marked fields, or wait for the result, then copy.");
      return;
    }
    try {
      await navigator.clipboard.writeText(this.summary.textContent);
      this.status("Summary copied as Markdown.");
    } catch {
      this.root.classList.add("pft-tool-show-summary");
      this.status("This browser did not allow copying: the summary is shown below; select it and copy.");
    }
  }
}

/** Attach every tool form of the page that has none yet (the theme's instant navigation swaps pages). */
export function attachAll() {
  for (const root of document.querySelectorAll(".pft-tool:not([data-pft-tool])")) new Tool(root);
}
