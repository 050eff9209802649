// Stands in front of mkdocs-material's search worker (9.8), which it loads, so that the search
// index is built when a reader searches, not while the page starts.
//
// The theme sends its worker the whole index as soon as a page loads, and the worker builds it at
// once: about 470 KB of text here, several hundred milliseconds of processor time, which on a
// phone with few cores competes with the page's own start-up. This worker answers "ready" at once,
// keeps the index, and hands it on at the first query with words in it, or once the page has had
// time to settle, whichever comes first. Queries asked while it builds are answered when it is
// built: the latest only, the one the search box shows.
//
// overrides/main.html names this file in the theme's configuration, with the theme's worker,
// which sits in this same folder, as `?theme=search.<hash>.min.js`.
(() => {
  // The theme's message types (integrations/search/worker/message).
  const SETUP = 0;
  const READY = 1;
  const QUERY = 2;
  const RESULT = 3;
  // Long enough for a page's start-up to be over on a slow phone, short enough that the index is
  // usually built before a reader gets to the search box.
  const BUILD_AFTER_MS = 3000;
  const THEME_WORKER = /^search\.[0-9a-f]+\.min\.js$/;

  const theme = new URL(self.location.href).searchParams.get("theme") ?? "";
  if (!THEME_WORKER.test(theme)) throw new Error(`search-on-demand: not the theme's worker: ${JSON.stringify(theme)}`);

  let state = "idle";  // → "waiting" (index kept) → "building" → "built"
  let setup = null;    // the SETUP message, while waiting
  let asked = null;    // the latest query asked before the index was built
  let handing = false; // a message is being handed to the theme's worker

  const post = self.postMessage.bind(self);
  // The theme's worker answers SETUP with READY once the index is built; the page had its READY.
  self.postMessage = (message) => {
    if (message?.type !== READY) return post(message);
    state = "built";
    if (asked !== null) hand({ type: QUERY, data: asked });
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

  function build() {
    if (state !== "waiting") return;
    state = "building";
    const message = setup;
    setup = null;
    hand(message);
  }

  // Added before the theme's worker is loaded, so it hears every message first.
  self.addEventListener("message", (event) => {
    const message = event.data;
    if (handing || state === "built") return;
    if (message?.type === SETUP && state === "idle") {
      event.stopImmediatePropagation();
      setup = message;
      state = "waiting";
      post({ type: READY });
      setTimeout(build, BUILD_AFTER_MS);
    } else if (message?.type === QUERY && state !== "idle") {
      event.stopImmediatePropagation();
      if (state === "waiting" && !String(message.data).trim()) {
        post({ type: RESULT, data: { items: [] } });
        return;
      }
      asked = message.data;
      build();
    }
  });

  importScripts(theme);
})();
