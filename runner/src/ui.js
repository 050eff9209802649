// The in-page runner's UI: buttons, editor and output for every `.pft-snippet` block that the
// ```run fence renders (code `.highlight`, then `.pft-output` with the build-time output).
// Pyodide is not fetched until a reader shows intent; one worker serves every page.
import { RunnerClient } from "./client.js";
import { sanitiseSVG } from "./svg.js";

const BUTTONS = [
  ["run", "Run", "Run this code (Ctrl+Enter or ⌘+Enter)"],
  ["edit", "Edit", "Edit this code"],
  ["stop", "Stop", "Stop the running code"],
  ["reset", "Reset", "Back to the original code and output"],
  ["copy", "Copy", "Copy the code"],
];
const blocks = new WeakMap();
let active = null;
let queue = Promise.resolve();

const client = new RunnerClient({
  workerURL: new URL("./worker.js", import.meta.url),
  indexURL: new URL("../vendor/pyodide/", import.meta.url),
  onStatus: (text, fraction) => active?.status(text, fraction),
});

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Run and Stop change state under the reader's focus (Enter on Run enables Stop, a run's end disables
// it again): aria-disabled keeps them focusable, so the focus is not thrown back to the page.
function disable(button, disabled) {
  button.setAttribute("aria-disabled", String(disabled));
}

class Block {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.snippet || "snippet";
    this.highlight = root.querySelector(".highlight");
    this.code = this.highlight.querySelector("td.code code, pre code").textContent;
    this.output = root.querySelector(".pft-output") ?? root.appendChild(element("div", "pft-output"));
    this.original = null; // the build-time output, kept when a run first replaces it (for Reset)
    this.output.setAttribute("aria-live", "polite");
    this.output.setAttribute("aria-label", `Output of ${this.name}`);
    this.editor = null;
    this.runId = null;

    const toolbar = element("div", "pft-toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", `Run ${this.name}`);
    this.buttons = {};
    for (const [action, label, title] of BUTTONS) {
      const button = element("button", `pft-button pft-${action}`, label);
      button.type = "button";
      button.title = title;
      button.addEventListener("click", () => this[action]());
      this.buttons[action] = button;
      toolbar.append(button);
    }
    this.buttons.run.setAttribute("aria-keyshortcuts", "Control+Enter Meta+Enter");
    this.buttons.edit.setAttribute("aria-pressed", "false");
    disable(this.buttons.stop, true);
    this.statusLine = element("p", "pft-status");
    this.statusLine.setAttribute("role", "status");
    this.statusText = this.statusLine.appendChild(element("span"));
    this.progress = this.statusLine.appendChild(element("progress"));
    this.progress.max = 1;
    this.progress.hidden = true;
    this.highlight.after(toolbar);
    this.output.after(this.statusLine);
    root.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !event.defaultPrevented) {
        event.preventDefault();
        this.run();
      }
    });
    root.dataset.pftRunner = "ready";
    blocks.set(root, this);
  }

  status(text, fraction = null) {
    this.statusText.textContent = text;
    this.progress.hidden = fraction === null || fraction >= 1;
    if (!this.progress.hidden) this.progress.value = fraction;
  }

  currentCode() {
    // Browsers turn runs of typed or pasted spaces into no-break spaces, which Python rejects.
    return this.editor ? this.editor.code.replaceAll("\u00a0", " ") : this.code;
  }

  run() {
    active = this;
    if (this.running) return;
    this.running = true;
    delete this.root.dataset.pftStatus;
    disable(this.buttons.run, true);
    this.status(client.started ? "Waiting for the running snippet…" : "Starting Python…");
    queue = queue.then(() => this.execute());
  }

  async execute() {
    if (!this.root.isConnected) return this.finished();
    disable(this.buttons.stop, false);
    this.segment = null;
    this.dirty = new Set();
    this.original ??= this.output.cloneNode(true);
    this.output.replaceChildren();
    client.boot().then(() => this.running && this.status("Running…"), () => {});
    const started = performance.now();
    const { id, done } = client.run(this.currentCode(), (event) => this.show(event));
    this.runId = id;
    const status = await done;
    this.flushText();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const messages = {
      ok: `Finished in ${seconds} s.`,
      error: "Finished with an error: see the traceback above.",
      interrupted: "Stopped (KeyboardInterrupt).",
    };
    if (messages[status]) this.status(messages[status]);
    this.root.dataset.pftStatus = status;
    this.finished();
  }

  finished() {
    this.running = false;
    this.runId = null;
    disable(this.buttons.run, false);
    disable(this.buttons.stop, true);
  }

  show({ kind, text, title }) {
    if (kind === "stdout" || kind === "stderr") {
      if (this.segment?.kind !== kind) {
        const pre = this.output.appendChild(element("pre", `pft-${kind}`));
        this.segment = { kind, node: pre.appendChild(element("code")).appendChild(document.createTextNode("")), parts: [] };
      }
      this.segment.parts.push(text);
      if (!this.dirty.size) requestAnimationFrame(() => this.flushText());
      this.dirty.add(this.segment);
      return;
    }
    this.flushText();
    this.segment = null;
    if (kind === "chart") {
      const figure = this.output.appendChild(element("figure", "pft-chart"));
      figure.setAttribute("role", "img");
      figure.setAttribute("aria-label", title);
      const svg = sanitiseSVG(text, document);
      figure.append(svg ?? element("p", "pft-notice", `[chart: ${title}] could not be drawn`));
    } else if (kind === "notice") {
      this.output.append(element("p", "pft-notice", text));
    }
  }

  // Text is appended once per frame, so a print loop cannot flood the page with updates.
  flushText() {
    for (const segment of this.dirty ?? []) {
      segment.node.appendData(segment.parts.join(""));
      segment.parts = [];
      // As mkdocs-material does for code blocks: output that scrolls must be reachable by keyboard.
      for (const box of [segment.node.parentNode, segment.node.parentNode.parentNode]) {
        if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) box.tabIndex = 0;
      }
    }
    this.dirty?.clear();
  }

  stop() {
    active = this;
    if (this.runId !== null) {
      this.status("Stopping…");
      client.stop(this.runId);
    }
  }

  async edit() {
    active = this;
    if (this.editor) return this.editor.focus();
    this.buttons.edit.disabled = true;
    this.status("Loading the editor…");
    try {
      const { createEditor } = await import("./editor.js");
      this.holder = element("div", "pft-editor");
      this.highlight.after(this.holder);
      this.highlight.hidden = true;
      this.editor = createEditor(this.holder, this.code.replace(/\n$/, ""), {
        onRun: () => this.run(),
        onLeave: () => this.buttons.run.focus(),
        label: `Code of ${this.name}, editable; Ctrl+Enter runs it`,
      });
      this.buttons.edit.setAttribute("aria-pressed", "true");
      this.status("Editing: Run (or Ctrl+Enter) runs your version; Reset brings back the original.");
      this.editor.focus();
    } finally {
      this.buttons.edit.disabled = false;
    }
  }

  reset() {
    active = this;
    this.stop();
    this.editor?.destroy();
    this.holder?.remove();
    this.editor = this.holder = null;
    this.highlight.hidden = false;
    this.buttons.edit.setAttribute("aria-pressed", "false");
    this.segment = null;
    this.dirty?.clear();
    if (this.original) this.output.replaceChildren(...this.original.cloneNode(true).childNodes);
    delete this.root.dataset.pftStatus;
    this.status("Back to the original code and its output.");
  }

  async copy() {
    active = this;
    try {
      await navigator.clipboard.writeText(this.currentCode());
      this.status("Code copied.");
    } catch {
      this.status("This browser did not allow copying; select the code and copy it instead.");
    }
  }
}

function attachAll() {
  for (const root of document.querySelectorAll(".pft-snippet:not([data-pft-runner])")) {
    if (root.querySelector(".highlight")) new Block(root);
  }
  // A run left behind on a page the reader navigated away from must not hold up the next one.
  if (active?.runId != null && !active.root.isConnected) client.stop(active.runId);
}

// Intent (hover, focus, touch) on a snippet starts Python in the background.
function onIntent(event) {
  const root = event.target.closest?.(".pft-snippet");
  const block = root && blocks.get(root);
  if (!block) return;
  if (!active?.running) active = block;
  client.boot();
}

for (const type of ["pointerover", "focusin", "pointerdown"]) {
  document.addEventListener(type, onIntent, { passive: true });
}
// mkdocs-material's instant navigation swaps pages without reloading scripts: document$ emits per page.
if (window.document$) window.document$.subscribe(attachAll);
else attachAll();
