// The in-page runner's UI: buttons, editor and output for every `.pft-snippet` block that the
// ```run fence renders (code `.highlight`, then `.pft-output` with the build-time output).
// Output is built by the rules of runner/output.json, which the build follows too.
// Pyodide is not fetched until a reader shows intent; one worker serves every page.
// Everything the reader or their code supplies is inserted as text, never as HTML.
// Why one module: each button acts on the same state of its block (the run, the editor, the
// saved edit, the output), held by the one `Block` class that is most of this file; what needs
// none of that state lives beside it (storage in store.js, links and downloads in share.js, the
// editor in editor.js, SVG checks in svg.js, carriage returns in carriage.js).
import OUTPUT from "../output.json";
import { client, onStatus } from "./python.js";
import { MAX_LINK_CHARS, WHEEL, downloadText, linkFor, readLink } from "./share.js";
import { SnippetStore, orphans } from "./store.js";
import { appendOutput } from "./carriage.js";
import { MAX_ANSWER_BYTES } from "./channel.js";
import { sanitiseSVG } from "./svg.js";

const BUTTONS = [
  ["run", "Run", "Run this code (Ctrl+Enter or ⌘+Enter)"],
  ["edit", "Edit", "Edit this code"],
  ["stop", "Stop", "Stop the running code"],
  ["reset", "Reset", "Back to the original code and output, forgetting your edit"],
  ["copy", "Copy", "Copy the code"],
  ["link", "Link", "Copy a link that opens this page with this code"],
  ["download", "Download", "Save this code as a .py file"],
];
const SAVE_DELAY_MS = 300;
const RESET = "Back to the original code and its output.";
const LINK_DROPPED = "Your edit is back in the editor; the code from the link is no longer kept here (the link still has it).";
const OTHER_TAB = "This example's saved edit came from another tab of this page, and this tab's edit replaced it; that one is kept:";
const OTHER_TAB_BACK = "The other tab's edit is in the editor, and saved; this tab's is no longer kept.";
// How a record keeps an edit another tab saved, until the reader brings it back.
const keptFromTab = (code) => ({ previous: code, replacedBy: "tab" });
const UNDONE = "Your edit is back in the editor, and saved again.";
const UNKEPT_OWN = "Your own edit of this example, which this browser is not keeping, is here until you leave:";
// The editor's script is loaded when first needed; offline, or once the site has been updated (its file
// name changes with every version), it cannot be.
const NO_EDITOR = "The editor could not be loaded: the connection may be down, or the site has been updated since this page was opened.";
const NO_EDITOR_RELOAD = `${NO_EDITOR} Reload the page to try again.`;
const EDIT_NOT_SHOWN = `Your edit of this example is still saved in this browser, but the original code is shown, and Run runs it. ${NO_EDITOR} Reload the page to see your edit.`;
const LINK_NOT_SHOWN = `${NO_EDITOR} The code from the link you opened is not shown: open the link again to try again.`;
// Characters that change the direction of text can show code in another order than Python reads it ("Trojan Source").
const BIDI_CONTROL = /\p{Bidi_Control}/u;
const BIDI_WARNING = "Beware: it holds characters that change the direction of text (each shown as •), so the order you see may not be the order Python reads.";
// Files and links carry UTF-8 text, which cannot hold half of a surrogate pair.
const LONE_SURROGATE = "Your code holds a lone surrogate (half of a character, e.g. from a broken paste), which a file or a link cannot carry: it became \ufffd. Write it as an escape, such as \"\\ud800\", to keep it.";
const STORAGE_REFUSED = "This browser does not let the page keep your edit (its storage is full or turned off, or the edit is larger than it holds): copy it before you leave.";
// The mark in the toolbar of an example that holds the reader's edit: kept, or refused by the browser.
const EDITED = { text: "Edited", title: "Your edit is saved in this browser; Reset forgets it" };
const UNSAVED = { text: "Edited, not saved", title: "This browser does not let the page keep your edit: copy it before you leave" };
// One other tab's edit is kept beside an example's saved edit: a third tab's save pushes the oldest out.
const PUSHED_OUT = { text: UNSAVED.text, title: "Another tab's edit replaced this one in this browser: change it or run it to save it again" };
const PUSHED_OUT_STATUS = "Edits of this example saved in other tabs have replaced this tab's in this browser, so it is only in this tab now: change it or run it to save it again.";
const blocks = new WeakMap();
// The blocks of the page now shown (instant navigation swaps pages in and out).
const onPage = () => [...document.querySelectorAll(".pft-snippet[data-pft-runner]")].map((root) => blocks.get(root)).filter(Boolean);
let current = null; // the block whose run is executing, or waiting for Python to start
let greeter = null; // the block whose hover or focus started Python, until it is ready or a run begins
let queue = Promise.resolve();

const indexURL = new URL("../vendor/pyodide/", import.meta.url);
// Python's start-up is news for the run waiting on it, or else for the snippet that started it,
// unless that one has something else to say. A restart's start-up is no stopped snippet's news.
onStatus((text, fraction) => {
  const block = current ?? greeter;
  if (block && (block === current || block.startUpShown || !block.statusText.textContent)) block.status(text, fraction, true);
});

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The element of the output block for one kind of event (runner/output.json), appended to
// `parent`; returns the node its content goes into (the inner element, if the rule has one).
function outputElement(parent, kind, title) {
  const rule = OUTPUT.elements[kind];
  const node = parent.appendChild(element(rule.tag, rule.class));
  for (const [name, value] of Object.entries(rule.attributes ?? {})) node.setAttribute(name, value);
  if (rule.title) node.setAttribute(rule.title, title);
  return rule.inner ? node.appendChild(element(rule.inner)) : node;
}

// Run and Stop change state under the reader's focus (Enter on Run enables Stop, a run's end disables
// it again): aria-disabled keeps them focusable, so the focus is not thrown back to the page.
function disable(button, disabled) {
  button.setAttribute("aria-disabled", String(disabled));
}

const FINISHED = {
  error: "Finished with an error: see the traceback above.",
  interrupted: "Stopped (KeyboardInterrupt).",
  // The code raised KeyboardInterrupt itself: nobody pressed Stop.
  raised: "Ended by a KeyboardInterrupt the code raised: see the traceback above.",
  restarted: "Stopped: Python was restarted (see above).",
  exited: "The code ended Python (os._exit): it was restarted (see above).",
  crashed: "Python crashed and was restarted (see above).",
  "not-started": "Python could not start (see above); Run tries again.",
  "out-of-memory": "Ran out of memory: Python was restarted to give the memory back.",
  cancelled: "Stopped before it started: nothing ran.",
};

class Block {
  constructor(root) {
    this.root = root;
    this.name = root.dataset.snippet || "snippet";
    this.store = new SnippetStore(location.pathname, this.name);
    this.highlight = root.querySelector(".highlight");
    this.code = this.highlight.querySelector("td.code code, pre code").textContent;
    this.output = root.querySelector(".pft-output") ?? root.appendChild(element("div", "pft-output"));
    this.original = null; // the build-time output, kept when a run first replaces it (for Reset)
    this.output.setAttribute("aria-live", "polite");
    this.output.setAttribute("aria-label", `Output of ${this.name}`);
    this.editor = null;
    this.runId = null;
    // The code this tab last read from or wrote to storage: if storage holds another when this tab
    // saves, another tab saved it meanwhile, and it is kept, not silently overwritten.
    this.saved = undefined;

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
    this.marker = toolbar.appendChild(element("span", "pft-edited"));
    this.mark(false);
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

  /** Bring back what the reader left: a saved edit, and a note if a run was cut off. */
  async restore() {
    const { code, unfinished, previous, replacedBy } = this.store.load();
    this.saved = code;
    const notes = [];
    if (typeof code === "string" && code !== this.originalCode) {
      if (await this.openEditor(code)) {
        this.mark(true);
        notes.push("Your edited version, saved in this browser; Reset brings back the original.");
      } else notes.push(EDIT_NOT_SHOWN);
    }
    if (unfinished && !(await this.store.runningElsewhere())) {
      this.store.update({ unfinished: undefined });
      notes.push("Your last run of this code did not finish: the page was left, reloaded or closed while it ran, or the tab crashed.");
    }
    if (typeof previous === "string" && replacedBy === "tab") {
      notes.push("An edit of this example saved in another tab was replaced by a later one, and is kept:");
      this.offerOtherTabEdit(notes.join(" "), previous);
    } else if (typeof previous === "string") {
      notes.push("Code from a link you ran replaced your earlier edit of this example, which is kept:");
      this.offerOwnEdit(notes.join(" "), previous);
    } else if (notes.length) this.status(notes.join(" "));
  }

  /** The status `text`, with a button (`label`) that brings back `code`, the reader's edit, and then says `done`. */
  offerEdit(text, code, label, done) {
    this.status(`${text} `);
    const button = this.statusText.appendChild(element("button", "pft-button pft-bring-back", label));
    button.type = "button";
    // The button goes with the status it stood in: the keyboard's place moves to the code it brought back.
    button.addEventListener("click", () => this.bringBack(code, done).then(() => focusLost() && this.editor?.focus()));
  }

  /** Offer back the reader's own edit `code`, which code from a link took the place of. */
  offerOwnEdit(text, code) {
    this.offerEdit(text, code, "Bring back your edit", LINK_DROPPED);
  }

  offerOtherTabEdit(text, code) {
    this.offerEdit(text, code, "Bring back the other edit", OTHER_TAB_BACK);
  }

  /** Put the reader's edit `code` back in the editor and keep it, as if just typed. */
  async bringBack(code, done) {
    this.unkeptOwn = null;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.fromLink = this.replacing = null;
    // Kept even when the editor cannot show it, so a reload does.
    const shown = await this.openEditor(code);
    // What it brings back is no longer to be offered; an edit saved by another tab meanwhile is.
    const record = this.store.load();
    const otherTab = this.otherTabEdit(code, record);
    const offered = record.previous === code ? { previous: undefined, replacedBy: undefined } : {};
    const kept = this.store.update({ code, ...(otherTab ? keptFromTab(otherTab) : offered) });
    if (shown) this.mark(true, kept);
    pageEdits.update();
    if (!kept && !shown) return this.offerEdit(`${NO_EDITOR} This browser is not keeping your edit either: try again later.`, code, "Try again", done);
    if (!kept) return this.status(STORAGE_REFUSED);
    this.saved = code;
    this.status(shown ? done : EDIT_NOT_SHOWN);
  }

  /** Show whether this example holds the reader's edit, and whether the browser kept it. */
  mark(edited, kept = true, why = UNSAVED) {
    this.unsaved = edited && !kept;
    const { text, title } = this.unsaved ? why : EDITED;
    Object.assign(this.marker, { hidden: !edited, textContent: text, title });
  }

  /** The reader's own edit of this example, shown or saved, if there is one. */
  get ownEdit() {
    if (this.fromLink) return this.replacing;
    if (this.editor) return this.edited ? this.currentCode() : null;
    // Saved, but not shown: the editor could not be loaded.
    return typeof this.saved === "string" && this.saved !== this.originalCode ? this.saved : null;
  }

  get originalCode() {
    return this.code.replace(/\n$/, "");
  }

  status(text, fraction = null, startUp = false) {
    this.startUpShown = startUp;
    this.statusText.textContent = text;
    this.progress.hidden = fraction === null || fraction >= 1;
    if (!this.progress.hidden) this.progress.value = fraction;
  }

  currentCode() {
    return this.editor ? this.editor.code : this.code;
  }

  get edited() {
    return Boolean(this.editor) && this.currentCode() !== this.originalCode;
  }

  /** Keep the reader's edit (or forget it when it matches the original again). */
  save() {
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.fromLink && this.currentCode() === this.fromLink) return;
    this.fromLink = null;
    // Code from a link becomes the reader's own now; the edit it replaces is kept for them to bring back.
    const previous = this.replacing;
    this.replacing = null;
    const code = this.edited ? this.currentCode() : undefined;
    const otherTab = this.otherTabEdit(code);
    const kept = this.store.update({
      code,
      ...(previous ? { previous, replacedBy: "link" } : otherTab ? keptFromTab(otherTab) : {}),
    });
    this.mark(this.edited, kept);
    if (!kept) {
      // The edit the link's code replaced is only in memory now: it is offered back, and after a run.
      this.unkeptOwn = previous ?? this.unkeptOwn;
      if (this.unkeptOwn) this.offerOwnEdit(`${STORAGE_REFUSED} ${UNKEPT_OWN}`, this.unkeptOwn);
      else this.status(STORAGE_REFUSED);
    } else {
      this.saved = code;
      if (otherTab && !previous) this.offerOtherTabEdit(OTHER_TAB, otherTab);
    }
    pageEdits.update();
  }

  /** After another tab wrote this example's record: say so if this tab's saved edit is no longer in it. */
  checkKept() {
    if (this.unsaved || this.saveTimer || typeof this.saved !== "string" || !this.edited) return;
    const { code, previous } = this.store.load();
    if (code === this.saved || previous === this.saved) return;
    this.mark(true, false, PUSHED_OUT);
    this.status(PUSHED_OUT_STATUS);
    pageEdits.update();
  }

  /** An edit of this example that another tab saved since this one last read or wrote it, unless it is `code`. */
  otherTabEdit(code, record = this.store.load()) {
    const stored = record.code;
    return typeof stored === "string" && stored !== this.saved && stored !== code ? stored : null;
  }

  run() {
    if (this.running) return;
    this.running = true;
    // Running code from a link makes it the reader's own: it is saved like an edit (and so is an
    // edit the browser is not keeping, to try again).
    if (this.saveTimer || this.fromLink || this.unsaved) {
      this.fromLink = null;
      this.save();
    }
    delete this.root.dataset.pftStatus;
    disable(this.buttons.run, true);
    // A run waiting for another one can be stopped before it starts.
    disable(this.buttons.stop, false);
    this.status(client.started ? "Waiting for the running example…" : "Starting Python…");
    const ticket = (this.ticket = {});
    queue = queue.then(() => this.execute(ticket));
  }

  async execute(ticket) {
    // Stopped while it waited (or stopped and run again: the newer run has its own turn).
    if (ticket !== this.ticket) return;
    if (!this.root.isConnected) return this.finished();
    current = this;
    greeter = null;
    this.discarding = false;
    disable(this.buttons.stop, false);
    this.segment = null;
    this.dirty = new Set();
    this.original ??= this.output.cloneNode(true);
    this.output.replaceChildren();
    let endRun = null;
    if (!client.started) this.status("Starting Python…");
    client.boot().then(() => this.running && this.status("Running…"), () => {});
    // The code's own time: from when Python began it, not counting a start or restart of Python.
    let started = performance.now();
    const { id, done } = client.run(this.currentCode(), (event) => this.show(event), {
      onStatus: (text, fraction) => this.status(text, fraction),
      onStarted: () => {
        started = performance.now();
        // A run is marked once its code begins: leaving while Python only starts cuts no code off.
        endRun ??= this.store.startRun();
      },
      // The packages' loader has the last word before the code begins ("No new packages to load").
      onRunning: () => this.status("Running…"),
    });
    this.runId = id;
    this.stopPressed = false;
    const status = await done;
    this.flushText();
    this.dropInput(this.inputForm, this.buttons.run);
    if (current === this) current = null;
    // A run cut short by leaving the page is reported when the reader comes back.
    endRun?.(!this.root.isConnected);
    if (!this.root.isConnected) return this.finished();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const ended = status === "ok" ? `Finished in ${seconds} s.`
      : FINISHED[status === "interrupted" && !this.stopPressed ? "raised" : status] ?? `Finished (${status}).`;
    // After Reset its status line stays as Reset left it (with Undo).
    if (this.discarding) {
      this.root.dataset.pftStatus = status;
      return this.finished();
    }
    this.end(ended, status);
  }

  end(text, status) {
    if (this.unkeptOwn) this.offerOwnEdit(`${text} ${UNKEPT_OWN}`, this.unkeptOwn);
    else this.status(text);
    this.root.dataset.pftStatus = status;
    this.finished();
  }

  finished() {
    this.running = false;
    this.ticket = null;
    this.runId = null;
    disable(this.buttons.run, false);
    disable(this.buttons.stop, true);
  }

  show({ kind, text, title }) {
    if (this.discarding) return;
    // input() asks the reader (a field, not output); every other kind is output (runner/output.json).
    if (kind === "input") {
      this.flushText();
      return this.ask(text);
    }
    const rule = Object.hasOwn(OUTPUT.elements, kind) && OUTPUT.elements[kind];
    if (!rule) return;
    if (rule.merge) {
      if (this.segment?.kind !== kind) {
        const holder = outputElement(this.output, kind);
        this.segment = { kind, node: holder.appendChild(document.createTextNode("")), parts: [] };
      }
      this.segment.parts.push(text);
      if (!this.dirty.size) requestAnimationFrame(() => this.flushText());
      this.dirty.add(this.segment);
      return;
    }
    this.flushText();
    this.segment = null;
    const holder = outputElement(this.output, kind, title);
    const svg = rule.content === "svg" && sanitiseSVG(text, document);
    if (svg) holder.append(svg);
    else if (rule.content === "svg") outputElement(holder, "notice").textContent = OUTPUT.undrawable;
    else holder.textContent = text;
  }

  /** Remove an input field; focus that was in it goes to `next`, not to the top of the page. */
  dropInput(form, next) {
    const focused = form?.contains(document.activeElement);
    form?.remove();
    if (focused) next.focus();
  }

  /** input(): a field in the output area; the answer goes to the waiting code. */
  ask(prompt) {
    const form = element("form", "pft-input");
    const label = form.appendChild(element("label", null, prompt.trim() ? `Answer to “${prompt.trim()}”` : "Input for the running code"));
    const field = label.appendChild(element("input"));
    field.type = "text";
    field.autocomplete = "off";
    form.append(element("button", "pft-button", "Send"));
    const end = form.appendChild(element("button", "pft-button pft-end-input", "End input"));
    end.type = "button";
    end.title = "No more input, as Ctrl+D in a terminal: reading stops there, and input() raises EOFError";
    const runId = this.runId;
    // A line goes with its newline; the end of input is an empty answer, as a file's readline() gives.
    const send = (line) => {
      if (!client.answer(runId, line)) {
        const bytes = new TextEncoder().encode(field.value).length.toLocaleString("en");
        return this.status(`That answer is too long to pass to Python: ${bytes} bytes of text, and at most ${MAX_ANSWER_BYTES.toLocaleString("en")} go through; shorten it.`);
      }
      this.dropInput(form, this.buttons.stop);
      this.status("Running…");
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(`${field.value}\n`);
    });
    end.addEventListener("click", () => send(""));
    field.addEventListener("keydown", (event) => {
      if (event.key === "d" && event.ctrlKey && !event.altKey && !event.metaKey && !field.value) {
        event.preventDefault();
        send("");
      }
    });
    this.inputForm = form;
    this.output.append(form);
    this.status("Waiting for input: type a line in the field above and press Enter; End input (or Ctrl+D in the empty field) when there is no more. Stop ends the run.");
    // The keyboard goes to the field only from this example's buttons or from nowhere: typing in an
    // editor (this example's or another's) must not become the answer.
    if (focusLost() || (this.root.contains(document.activeElement) && !this.holder?.contains(document.activeElement))) field.focus();
  }

  // Text is appended once per frame, so a print loop cannot flood the page with updates.
  flushText() {
    const boxes = new Set();
    for (const segment of this.dirty ?? []) {
      appendOutput(segment.node, segment.parts.join(""));
      segment.parts = [];
      boxes.add(segment.node.parentNode).add(segment.node.parentNode.parentNode);
    }
    this.dirty?.clear();
    // As mkdocs-material does for code blocks: output that scrolls must be reachable by keyboard.
    // Sizes are read after every write, so a frame lays the output out once, however many
    // segments it added (output switching between stdout and stderr adds one per switch).
    const scrolling = [...boxes].filter((box) => box.tabIndex !== 0
      && (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight));
    for (const box of scrolling) box.tabIndex = 0;
    // An input field stays below the prompt it answers.
    if (this.inputForm?.isConnected && this.output.lastChild !== this.inputForm) this.output.append(this.inputForm);
  }

  stop() {
    if (!this.running) return;
    if (this.runId === null) return this.end(FINISHED.cancelled, "cancelled");
    this.status("Stopping…");
    this.stopPressed = true;
    client.stop(this.runId);
  }

  /** Show `code` in the editor; false if the editor's script could not be loaded. */
  async openEditor(code) {
    let createEditor;
    try {
      ({ createEditor } = await import("./editor.js"));
    } catch {
      return false;
    }
    if (this.editor) {
      this.editor.code = code;
      return true;
    }
    this.holder = element("div", "pft-editor");
    this.highlight.after(this.holder);
    this.highlight.hidden = true;
    this.editor = createEditor(this.holder, code, {
      onRun: () => this.run(),
      onLeave: () => this.buttons.run.focus(),
      onChange: () => {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
      },
      label: `Code of ${this.name}, editable; Ctrl+Enter runs it`,
    });
    this.buttons.edit.setAttribute("aria-pressed", "true");
    return true;
  }

  async edit() {
    if (this.editor) return this.editor.focus();
    this.buttons.edit.disabled = true;
    this.status("Loading the editor…");
    try {
      if (!(await this.openEditor(this.originalCode))) return this.status(NO_EDITOR_RELOAD);
      this.status("Editing: your changes are saved in this browser. Run (or Ctrl+Enter) runs your version; Reset brings back the original.");
      this.editor.focus();
    } finally {
      this.buttons.edit.disabled = false;
    }
  }

  reset() {
    const edit = this.ownEdit;
    // What a run still sends after Reset would land in the original output.
    this.discarding = this.runId !== null;
    this.stop();
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.fromLink = this.replacing = null;
    // Reset forgets this tab's edit, and code from a link; an edit another tab saved stays kept.
    const record = this.store.load();
    const otherTab = this.otherTabEdit(undefined, record) ?? (record.replacedBy === "tab" ? record.previous : null);
    this.store.update({ code: undefined, unfinished: undefined, ...(otherTab ? keptFromTab(otherTab) : { previous: undefined, replacedBy: undefined }) });
    this.saved = undefined;
    this.mark(false);
    this.editor?.destroy();
    this.holder?.remove();
    this.editor = this.holder = null;
    this.highlight.hidden = false;
    this.buttons.edit.setAttribute("aria-pressed", "false");
    this.segment = null;
    this.dirty?.clear();
    if (this.original) this.output.replaceChildren(...this.original.cloneNode(true).childNodes);
    delete this.root.dataset.pftStatus;
    const text = this.discarding ? `${RESET} Its run was stopped.` : RESET;
    if (edit) this.offerEdit(`${text} Your edit is no longer saved:`, edit, "Undo", UNDONE);
    else this.status(text);
    pageEdits.update();
    return edit;
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.currentCode());
      this.status("Code copied.");
    } catch {
      this.status("This browser did not allow copying; select the code and copy it instead.");
    }
  }

  /** `text`, and a warning if the code is not valid Unicode and so cannot leave the page as it is. */
  withCodeWarning(text) {
    return this.currentCode().isWellFormed?.() === false ? `${text} ${LONE_SURROGATE}` : text;
  }

  async link() {
    const { url, fits, length } = await linkFor(this.name, this.currentCode());
    if (!fits) {
      const size = length > MAX_LINK_CHARS ? `a link of ${length.toLocaleString("en")} characters; at most ${MAX_LINK_CHARS.toLocaleString("en")}`
        : "more code than a link may carry";
      return this.status(`This code is too long for a link (${size}): use Download instead.`);
    }
    this.root.dataset.pftLink = url;
    try {
      await navigator.clipboard.writeText(url);
      this.status(this.withCodeWarning("Link copied. It opens this page with this code in this example; the code travels inside the link (after #), which is never sent to a server."));
    } catch {
      this.status(this.withCodeWarning("This browser did not allow copying the link; copy it from here:") + " ");
      const field = this.statusText.appendChild(element("input", "pft-link-field"));
      field.readOnly = true;
      field.value = url;
      field.setAttribute("aria-label", "Link to this code");
      field.select();
    }
  }

  download() {
    const name = saveFile(this.currentCode(), this.name);
    this.status(this.withCodeWarning(`Saved as ${name}; its first lines say how to run it on your computer.`));
  }

  /** Show code from a link for the reader to read and run; it is not saved until changed or run. */
  async showLinked(code) {
    // An edit typed a moment ago is kept before the link's code takes its place.
    if (this.saveTimer) this.save();
    const { code: saved, previous, replacedBy } = this.store.load();
    // An edit the browser would not keep is only in the editor, or offered back from memory since an
    // earlier link took its place: it is offered back again.
    const unkept = !this.unsaved ? null : this.fromLink ? this.replacing : (this.unkeptOwn ?? this.currentCode());
    // The reader's own edit is the saved one, unless code from an earlier link they ran took its place.
    const own = unkept ?? (replacedBy === "link" ? previous : saved);
    if (!(await this.openEditor(code))) return this.status(LINK_NOT_SHOWN);
    // As the editor holds it (line ends made \n), so that only the reader's change makes it theirs.
    this.fromLink = this.currentCode();
    this.replacing = typeof own === "string" && own !== this.fromLink ? own : null;
    // Not the reader's edit (nor saved) until they change or run it; an edit only in memory still
    // makes leaving ask first.
    this.mark(false);
    this.unsaved = Boolean(unkept && this.replacing);
    pageEdits.update();
    const read = "This code came with the link you opened: read it, then press Run to run it. Nothing runs by itself.";
    const text = BIDI_CONTROL.test(code) ? `${read} ${BIDI_WARNING}` : read;
    const kept = this.unsaved ? UNKEPT_OWN : "Your own edit of this example is kept:";
    if (this.replacing) this.offerOwnEdit(`${text} ${kept}`, this.replacing);
    else this.status(text);
    this.root.scrollIntoView({ block: "center" });
  }
}

/** Save `code` of example `snippet` as a .py file that says how to run it; the file's name. */
function saveFile(code, snippet) {
  const text = downloadText(code, {
    snippet,
    pageTitle: document.title,
    pageURL: location.origin + location.pathname,
    wheelURL: new URL(WHEEL, indexURL).href,
  });
  const url = URL.createObjectURL(new Blob([text], { type: "text/x-python" }));
  const anchor = element("a");
  anchor.href = url;
  // A name from an older version of the site, which the reader's storage may hold in any form.
  const name = snippet.split("/").pop();
  anchor.download = name.endsWith(".py") ? name : `${name || "example"}.py`;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return anchor.download;
}

/** Whether the keyboard's place was lost: the focused button was removed or hidden, and focus fell to the page. */
const focusLost = () => !document.activeElement || document.activeElement === document.body;

// One control per page: how many snippets carry the reader's edits, and a button to reset them all.
const pageEdits = {
  bar: null,
  update() {
    const all = onPage();
    const edited = all.filter((block) => !block.marker.hidden);
    if (!this.bar?.isConnected) {
      if (!all.length) return;
      this.bar = element("p", "pft-page-edits");
      this.text = this.bar.appendChild(element("span"));
      const button = (this.resetAll = this.bar.appendChild(element("button", "pft-button pft-reset-all", "Reset all examples")));
      button.type = "button";
      button.addEventListener("click", () => {
        const edits = all.filter((block) => !block.marker.hidden || block.editor)
          .map((block) => [block, block.reset()]).filter(([, edit]) => edit);
        this.update();
        this.text.textContent = "Every example on this page is back to its original code and output. ";
        this.bar.hidden = false;
        if (!edits.length) return;
        const undo = this.text.appendChild(element("button", "pft-button pft-undo-all", "Undo"));
        undo.type = "button";
        // Reset all hides itself: the keyboard's place moves to Undo, and back to Reset all after it.
        if (focusLost()) undo.focus();
        undo.addEventListener("click", async () => {
          for (const [block, edit] of edits) await block.bringBack(edit, UNDONE);
          this.update();
          if (focusLost()) this.resetAll.focus();
        });
      });
      all[0].root.before(this.bar);
    }
    this.bar.hidden = this.resetAll.hidden = edited.length === 0;
    const count = edited.length === 1 ? "One example on this page shows" : `${edited.length} examples on this page show`;
    const unsaved = edited.filter((block) => block.unsaved).length;
    const which = unsaved === edited.length ? (unsaved === 1 ? "it" : "them") : `${unsaved} of them (marked "${UNSAVED.text}")`;
    this.text.textContent = unsaved
      ? `${count} your edits, but this browser is not keeping ${which}: copy ${unsaved === 1 ? "it" : "them"} before you leave. `
      : `${count} your edits, saved in this browser. `;
  },
  /** Say `text` above the examples, with a button that does `action.run` once, if given. */
  message(text, action) {
    this.update();
    if (!this.bar) return;
    this.bar.hidden = false;
    this.text.textContent = `${text} `;
    if (!action) return;
    const button = this.text.appendChild(element("button", "pft-button", action.label));
    button.type = "button";
    button.addEventListener("click", async () => {
      this.update();
      await action.run();
      if (focusLost()) action.focus?.();
    }, { once: true });
  },
};

async function attachAll() {
  // A page instant navigation brought in has not been left yet, whatever the reader said of the last one.
  leaving = false;
  shown = location.href;
  // The decision guide's and the cost calculator's forms share this page's Python.
  if (document.querySelector(".pft-tool:not([data-pft-tool])")) import("./forms.js").then((forms) => forms.attachAll());
  const attached = [];
  for (const root of document.querySelectorAll(".pft-snippet:not([data-pft-runner])")) {
    if (root.querySelector(".highlight")) attached.push(new Block(root));
  }
  // A run left behind on a page the reader navigated away from must not hold up the next one.
  if (current?.runId != null && !current.root.isConnected) client.stop(current.runId);
  if (!document.querySelector(".pft-snippet")) return noExamplesHere();
  if (!attached.length) return;
  await Promise.all(attached.map((block) => block.restore()));
  pageEdits.update();
  offerOrphans(attached);
  await openLink(attached);
}

const ORPHAN = "An edit you saved in this browser is of an example no longer on this page (the site has changed since, and the example was renamed or moved).";

// An edit saved for an example a later version of the site renamed or moved is not dropped unseen:
// a note of its own above the examples offers it until the reader has downloaded and forgotten it.
// Returns the note, or null when there is no such edit.
function offerOrphans(attached) {
  const [orphan] = orphans(location.pathname, new Set(attached.map((block) => block.name)));
  if (!orphan) return null;
  const note = element("p", "pft-page-edits pft-orphans");
  note.tabIndex = -1; // where the keyboard goes once the last button has gone
  // Each step's button takes the place, and the keyboard's, of the one just pressed.
  const step = (text, label, run, pressed = true) => {
    note.textContent = `${text} `;
    const button = note.appendChild(element("button", "pft-button", label));
    button.type = "button";
    button.addEventListener("click", run, { once: true });
    if (pressed && focusLost()) button.focus();
  };
  step(ORPHAN, "Download it", () => step(`Saved as ${saveFile(orphan.code, orphan.snippet)}. The edit stays in this browser until you forget it.`, "Forget it", () => {
    const forgotten = orphan.forget();
    const next = forgotten && offerOrphans(attached);
    if (next) {
      note.replaceWith(next);
      next.querySelector("button").focus();
    } else {
      note.textContent = forgotten ? "Forgotten."
        : "This browser would not let the page forget the edit: it stays, and is offered again on your next visit.";
      note.focus();
    }
  }), false);
  if (!document.querySelector(".pft-orphans")) attached[0].root.before(note);
  return note;
}

// Code from a link is taken out of the address, so a reload shows the reader's own edits again.
async function openLink(attached) {
  const linked = await readLink(location.hash);
  if (!linked) return;
  history.replaceState(history.state, "", location.pathname + location.search);
  // What an earlier link said above the examples is not about this one.
  pageEdits.update();
  const block = attached.find((b) => b.name === linked.snippet);
  if (linked.error) return block ? block.status(linked.error) : pageEdits.message(linked.error);
  // The example was renamed or moved since the link was made: its code is still the sender's. (The
  // name the link gives is not repeated: whoever made the link could make it say anything.)
  if (!block) {
    return pageEdits.message("The link you opened carries code for an example that is not on this page (it may have been renamed or moved).",
      { label: "Show the code in the first example", run: () => attached[0].showLinked(linked.code),
        focus: () => attached[0].editor?.focus() });
  }
  await block.showLinked(linked.code);
}

// A link with code opened on a page that has no examples (edited, or made on another page): say so
// above the page's text; the link stays in the address, so it can still be copied.
async function noExamplesHere() {
  document.querySelector(".pft-no-examples")?.remove();
  if (!(await readLink(location.hash))) return;
  const note = element("p", "pft-page-edits pft-no-examples", "The link you opened carries code for an example, but this page has no examples: it may have been meant for another page of this guide.");
  note.setAttribute("role", "status");
  document.querySelector(".md-content__inner")?.prepend(note);
}

// Intent (hover, focus, touch) on a snippet starts Python in the background.
function onIntent(event) {
  const root = event.target.closest?.(".pft-snippet");
  const block = root && blocks.get(root);
  if (!block || client.ready) return;
  greeter = block;
  const ended = () => greeter === block && (greeter = null);
  client.boot().then(ended, ended);
}

for (const type of ["pointerover", "focusin", "pointerdown"]) {
  document.addEventListener(type, onIntent, { passive: true });
}
// An edit typed in the moment before the page is left is saved then, not dropped with its timer; if
// the browser would not keep an edit, it asks the reader before the page goes.
const savePending = () => onPage().forEach((block) => block.saveTimer && block.save());
addEventListener("pagehide", savePending);
document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && savePending());
// An edit a link's code put aside is offered from memory until brought back, Reset or not.
const anyUnsaved = () => onPage().some((block) => block.unsaved || block.unkeptOwn);
// Another tab's save can push this tab's edit out of storage: the example says so, and the page
// asks before it goes, as for an edit the browser would not keep.
addEventListener("storage", (event) => {
  for (const block of onPage()) if (event.key === null || event.key === block.store.key) block.checkKept();
});
let leaving = false; // the reader has already said to leave
addEventListener("beforeunload", (event) => {
  savePending();
  if (anyUnsaved() && !leaving) event.preventDefault();
});
// A link to another page of the site is followed in place (instant navigation): no beforeunload.
// So are Back and Forward to another page: navigation.js asks here first ("pft:leave"), and a page
// kept gets its address back.
let shown = location.href; // the address of the page on screen, set as each page is attached
addEventListener("pft:leave", (event) => {
  if (new URL(location.href).pathname === new URL(shown).pathname) return;
  savePending();
  if (leaving || !anyUnsaved()) return;
  if (confirm(LEAVE_UNSAVED)) {
    leaving = true;
    return;
  }
  event.preventDefault();
  history.pushState(null, "", shown);
});
const LEAVE_UNSAVED = "This browser is not keeping your edits on this page (its storage is full or turned off, an edit is larger than it holds, or another tab's edits replaced them): they are lost if you leave. Leave anyway?";
addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href);
  if (link.target || link.hasAttribute("download") || url.origin !== location.origin) return;
  if (url.pathname === location.pathname && url.search === location.search) return;
  savePending();
  if (!anyUnsaved()) return;
  if (confirm(LEAVE_UNSAVED)) leaving = true;
  else {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, { capture: true });
// mkdocs-material's instant navigation swaps pages without reloading scripts: document$ emits per page.
if (window.document$) window.document$.subscribe(attachAll);
else attachAll();
// A link pasted into the address bar of the page already open changes only the fragment.
addEventListener("hashchange", () => {
  if (document.querySelector(".pft-snippet")) openLink(onPage());
  else noExamplesHere();
});
