// Stands in front of mkdocs-material's search worker (9.8), which it loads, so that the search
// index is downloaded and built when a reader turns to search, not while every page starts.
//
// The theme's page fetches search/search_index.json as it starts, parses it and sends it whole to
// its worker, which builds the index at once: about 470 KB of text here (120 KB gzipped), several
// hundred milliseconds of processor time, on every page load, for the few readers who search. The
// build leaves that file holding only the index's settings, which the page itself reads; the pages'
// text is in search/search_documents.json (docs_tools/searchindex.py). This worker answers "ready"
// at once, keeps the settings, and fetches the text and hands both to the theme's worker when the
// search box gets the focus (the page says so on its own channel, named in this file's address
// after "#channel=", overrides/main.html) or at the first query with words in it, whichever comes
// first. Queries asked meanwhile are answered when the index is built: the latest only, the one the
// search box shows. If the text cannot be fetched (or takes too long), the worker tells the page,
// which shows it where the results go, and tries again a few times, waiting longer each time, and
// at the next focus or query; once it has the text, it answers the latest query, so results appear
// in place of the message when the network is back. The theme's worker itself is loaded then too,
// not at every page load.
//
// overrides/main.html names this file in the theme's configuration, with the theme's worker,
// which sits in this same folder, as `?theme=search.<hash>.min.js`.
(() => {
  // The theme's message types (integrations/search/worker/message).
  const SETUP = 0;
  const READY = 1;
  const QUERY = 2;
  const RESULT = 3;
  const THEME_WORKER = /^search\.[0-9a-f]+\.min\.js$/;
  // This file is <site>/assets/javascripts/workers/; the documents are <site>/search/.
  const DOCUMENTS = new URL("../../../search/search_documents.json", self.location.href);
  // A download of the pages' text that has not finished by then is given up and tried again.
  const FETCH_TIMEOUT_MS = 20_000;
  // Waits before the tries after a failed download: then only a focus or a query tries again.
  const RETRY_AFTER_MS = [2_000, 4_000, 8_000, 16_000, 30_000];

  // What the page shows where the results go, until the theme's worker answers.
  const LOADING = "Loading the search index…";
  const FAILED = "Search could not load the pages' text";

  const address = new URL(self.location.href);
  const theme = address.searchParams.get("theme") ?? "";
  if (!THEME_WORKER.test(theme)) throw new Error(`search-on-demand: not the theme's worker: ${JSON.stringify(theme)}`);
  // This page's own channel: one per page load, so that searching in one tab builds nothing in others.
  // Without it, the first query still builds the index; the page only misses the focus and the messages.
  const channelName = new URLSearchParams(address.hash.slice(1)).get("channel");
  const page = channelName ? new BroadcastChannel(channelName) : null;
  page?.addEventListener("message", () => build());
  // `null` gives the results' heading back to the theme.
  const tell = (meta) => page?.postMessage({ meta });

  let state = "idle";  // → "waiting" (settings kept) → "building" → "built"
  let setup = null;    // the SETUP message, until it is handed on
  let asked = null;    // the latest query asked before the index was built
  let handing = false; // a message is being handed to the theme's worker
  let failures = 0;    // downloads of the pages' text that failed in a row
  let retry = 0;       // the timer of the next try after a failure: one at a time
  let themeLoaded = false;

  const post = self.postMessage.bind(self);
  // The theme's worker answers SETUP with READY once the index is built; the page had its READY.
  self.postMessage = (message) => {
    if (message?.type !== READY) return post(message);
    state = "built";
    if (asked !== null) hand({ type: QUERY, data: asked });
    else tell(null);
    asked = null;
  };

  function hand(message) {
    handing = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    } finally {
      handing = false;
    }
  }

  async function documents() {
    const response = await fetch(DOCUMENTS, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${DOCUMENTS.pathname}: HTTP ${response.status}`);
    const { docs } = await response.json();
    if (!Array.isArray(docs)) throw new Error(`${DOCUMENTS.pathname}: no list of documents`);
    return docs;
  }

  async function build() {
    if (state !== "waiting") return;
    clearTimeout(retry);
    state = "building";
    try {
      // The theme's worker (lunr with it) is loaded only now; its listener comes after ours.
      if (!themeLoaded) {
        importScripts(theme);
        themeLoaded = true;
      }
      const message = { ...setup, data: { ...setup.data, docs: await documents() } };
      setup = null;
      hand(message);
    } catch (error) {
      const wait = RETRY_AFTER_MS[failures++];
      const next = wait ? `trying again in ${wait / 1000} s` : "edit the search to try again";
      console.warn(`search-on-demand: the pages' text could not be fetched (${error.message}); ${next}`);
      state = "waiting";
      // The query is kept, to be answered once the index is built.
      tell(`${FAILED}: ${next}.`);
      if (wait) retry = setTimeout(build, wait);
    }
  }

  // Added before the theme's worker is loaded (in build), so it hears every message first.
  self.addEventListener("message", (event) => {
    const message = event.data;
    if (handing || state === "built") return;
    if (message?.type === SETUP && state === "idle") {
      event.stopImmediatePropagation();
      setup = message;
      state = "waiting";
      post({ type: READY });
    } else if (message?.type === QUERY && state !== "idle") {
      event.stopImmediatePropagation();
      if (state === "waiting" && !String(message.data).trim()) {
        asked = null;
        post({ type: RESULT, data: { items: [] } });
        return;
      }
      asked = message.data;
      tell(LOADING);
      build();
    }
  });
})();
