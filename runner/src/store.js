// What the runner keeps for each snippet in the reader's browser (localStorage), keyed by the
// page's path and the snippet's path: the reader's edited code, and whether a run was still going
// when the page was left or reloaded. Storage may be full or turned off: then nothing is kept,
// and callers are told so (save returns false), never thrown at.

const PREFIX = "pft-runner:v1:";

export class SnippetStore {
  constructor(page, snippet) {
    this.key = `${PREFIX}${page}:${snippet}`;
  }

  /** @returns {{code?: string, unfinished?: boolean}} */
  load() {
    try {
      const record = JSON.parse(localStorage.getItem(this.key) ?? "{}");
      return record && typeof record === "object" ? record : {};
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
}
