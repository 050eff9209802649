// What the runner keeps for each snippet in the reader's browser (localStorage), keyed by the
// page's path and the snippet's path: the reader's edited code, and whether a run was still going
// when the page was left or reloaded. Storage may be full or turned off: then nothing is kept,
// and callers are told so (save returns false), never thrown at.

const PREFIX = "pft-runner:v1:";
// A run holds a Web Lock named after its example while it goes. The browser lets go of a tab's locks
// when the tab is closed, reloaded or crashes, so the mark of a run cut off can be told from the
// mark of a run still going in another tab, which shares the storage.
const RUN_LOCK = ":run:";
const TAB = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
let runs = 0;

/**
 * The page's path as the one key it has however an address spells it: /x/index.html and
 * /x/ are one page, and so are /x/ and the same path with letters percent-encoded.
 */
function pageKey(pathname) {
  let path = pathname;
  try {
    path = decodeURI(pathname);
  } catch {
    // A malformed escape: the server could not have served a page of ours at it either.
  }
  return path.replace(/\/index\.html$/, "/");
}

/**
 * Edits saved on this page for examples it no longer has (a later version of the site renamed or
 * moved them): `[{snippet, code, forget}]`, `forget()` removing one from storage (false if storage refused).
 */
export function orphans(pathname, names) {
  const prefix = `${PREFIX}${pageKey(pathname)}:`;
  const found = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      const snippet = key?.startsWith(prefix) ? key.slice(prefix.length) : null;
      if (snippet === null || names.has(snippet)) continue;
      const store = new SnippetStore(pathname, snippet);
      // Both texts a record may keep are offered, each forgotten on its own: the code last saved, and
      // the edit it replaced (the reader's own, put aside by a link's code or by another tab's edit).
      const { code, previous } = store.load();
      for (const [field, kept] of [["code", code], ["previous", previous]]) {
        if (typeof kept !== "string" || (field === "previous" && kept === code)) continue;
        found.push({ snippet, code: kept, forget: () => forgetText(store, kept) });
      }
    }
  } catch {
    // Storage turned off: nothing was kept.
  }
  return found;
}

function forgetText(store, text) {
  const { code, previous } = store.load();
  const [codeLeft, previousLeft] = [code, previous].map((kept) => (kept === text || typeof kept !== "string" ? undefined : kept));
  return store.update({
    code: codeLeft,
    previous: previousLeft,
    ...(previousLeft === undefined && { replacedBy: undefined }),
    ...(codeLeft === undefined && previousLeft === undefined && { unfinished: undefined }),
  });
}

export class SnippetStore {
  constructor(pathname, snippet) {
    this.key = `${PREFIX}${pageKey(pathname)}:${snippet}`;
  }

  /** @returns {{code?: string, unfinished?: boolean}} */
  load() {
    try {
      const record = JSON.parse(localStorage.getItem(this.key) ?? "{}");
      // Storage the page does not control (another script, the reader's tools) may hold anything.
      return record && typeof record === "object" && !Array.isArray(record) ? record : {};
    } catch {
      return {};
    }
  }

  /** Merge `changes` into the record (a field set to undefined is removed); false if not kept. */
  update(changes) {
    const record = { ...this.load(), ...changes };
    for (const [name, value] of Object.entries(record)) if (value === undefined) delete record[name];
    try {
      if (Object.keys(record).length) localStorage.setItem(this.key, JSON.stringify(record));
      else localStorage.removeItem(this.key);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Mark that a run of this example has begun; the function returned ends it. The mark stays if
   * the run was `cutOff` (the page was left) or another tab is running this example too.
   */
  startRun() {
    const name = `${this.key}${RUN_LOCK}${TAB}.${++runs}`;
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let over = false;
    const mark = () => {
      if (!over) this.update({ unfinished: true });
      return held;
    };
    // Without Web Locks (an insecure context, an old browser) every mark counts as a run cut off.
    if (navigator.locks) navigator.locks.request(name, mark).catch(mark);
    else mark();
    return async (cutOff) => {
      over = true;
      release();
      if (!cutOff && !(await this.runningElsewhere())) this.update({ unfinished: undefined });
    };
  }

  /**
   * Whether another tab holds a run of this example. This tab's own locks do not count: a run cut
   * off here by leaving the page may still hold its lock for a moment when the reader comes back.
   */
  async runningElsewhere() {
    const own = `${this.key}${RUN_LOCK}${TAB}.`;
    try {
      const { held = [] } = await navigator.locks.query();
      return held.some(({ name }) => name.startsWith(`${this.key}${RUN_LOCK}`) && !name.startsWith(own));
    } catch {
      return false;
    }
  }
}
