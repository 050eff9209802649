// Keeps a link to a section of the same page from swapping the page out under the runner.
// A classic script that runs before mkdocs-material's bundle (overrides/main.html), so its
// listeners come first.
//
// mkdocs-material's instant navigation (9.8) fetches a page only when the path in its location
// stream changes (distinctUntilKeyChanged("pathname")); but that stream starts empty, so the
// first location after a full page load, even a #section of the same page (a click in the table
// of contents, or the popstate event the browser fires for it, or Back), fetches the page again
// and replaces its content: open editors, edits and runs in progress are lost. Until the stream
// has seen a location, the browser is left to handle steps within the page, which only scroll;
// after that, the theme handles them itself without a fetch.
//
// A search result for this page adds the terms to highlight (?h=...), which the theme takes for
// another page and fetches, at any time: such a link is followed as a link to the section, without
// the highlighting, so a run or an open editor is not thrown away.
//
// "Here" is a page's path, as the theme reckons a page: the query may change under the page (the
// tool forms keep their answers in it) without making it another page.
(() => {
  let seen = false;
  const loaded = location.pathname;
  const at = (path) => (url) => url.origin === location.origin && url.pathname === path;
  const here = at(loaded);
  addEventListener("DOMContentLoaded", () => {
    const subscription = window.location$?.subscribe(() => {
      seen = true;
      subscription?.unsubscribe();
    });
  });
  const withoutHighlight = (url) => {
    const query = new URLSearchParams(url.search);
    query.delete("h");
    return `${query}`;
  };
  addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest?.("a[href]");
    if (!link || link.target || link.hasAttribute("download")) return;
    let url = new URL(link.href);
    const samePage = at(location.pathname)(url);
    // No query of its own but the terms a search result highlights, or the page's own query.
    const noOtherQuery = [withoutHighlight(location), ""].includes(withoutHighlight(url));
    // A link to the page shown, naming no section and no other query (the page's own item in the
    // navigation, a tool's link to the answers it shows, a search result for the page's top): the
    // theme takes the first one after a full load for another page and swaps the page in, runs and
    // unkept edits with it. It goes to the top of the page instead, without loading it, as the
    // theme's own handling does once it has seen a location.
    if (samePage && noOtherQuery && !link.href.includes("#")) {
      event.preventDefault();
      link.target = "_self"; // the theme leaves a link that names a target alone
      setTimeout(() => link.removeAttribute("target"));
      const fromSection = Boolean(location.hash);
      if (fromSection) history.pushState(null, "", `${location.pathname}${location.search}`);
      if (fromSection || url.searchParams.has("h")) scrollTo(0, 0);
      return;
    }
    // A link to the page shown that names no query of its own is a step within it, and keeps the query
    // the page has since put in its address (a tool's answers), for this click only: a section in the
    // table of contents, or a search result, which names only the terms it highlights.
    const within = url.searchParams.has("h") ? noOtherQuery : url.hash && !url.search && location.search;
    if (samePage && within) {
      const written = link.getAttribute("href");
      url = new URL(`${location.pathname}${location.search}${url.hash}`, location.href);
      link.href = url.href;
      setTimeout(() => link.setAttribute("href", written));
    }
    if (seen) return;
    if (!url.hash || !here(url)) return;
    // The theme leaves a link that names a target to the browser; _self is where it goes anyway.
    link.target = "_self";
    setTimeout(() => link.removeAttribute("target"));
  }, { capture: true });
  // Back or Forward to another page: the theme swaps the page in place, with no beforeunload, so the
  // runner is asked first (an event it can cancel: it keeps the page while edits the browser would
  // not keep are open). Listeners on window run in the order they were added, so this one, added
  // before the theme's, is the only place that can stop the swap.
  addEventListener("popstate", (event) => {
    if (!seen && here(new URL(location.href))) event.stopImmediatePropagation();
    else if (!dispatchEvent(new CustomEvent("pft:leave", { cancelable: true }))) event.stopImmediatePropagation();
  });
})();
