// Tooltips for every element with a title, in the look of mkdocs-material's own (content.tooltips,
// which mkdocs.yml leaves off): shown while the pointer is on the element or on the tooltip, and
// while the element has the keyboard focus; Escape hides it until the pointer and the focus leave.
//
// The theme mounts a tooltip on each titled element as the page starts: listeners and a web of
// subscriptions for each, and for the header a layout of the whole page each. On a snippet page
// that was about half of the main thread's start-up work and most of Lighthouse's total blocking
// time (python scripts/audit_pages.py site --page prompt). Here one set of listeners on the
// document serves every titled element, also those added later (the runner's buttons, a page that
// instant navigation brings in), and the work is done when a tooltip is shown.
//
// While a tooltip shows, the title moves into it (so the browser shows no second one) and comes
// back when it hides. The element is described by the tooltip then; an element whose title was its
// only name (an icon button) is named by it instead, so a screen reader still says what it is.
(() => {
  const HIDE_AFTER_MS = 250; // as the theme's: time to move the pointer from the element onto its tooltip
  const GAP_PX = 8; // between the element and its tooltip, as the theme's
  let sequence = 0;
  let shown = null; // { host, node, title, label, describedBy, timer }
  let dismissed = null; // the host Escape hid: not shown again until the pointer and the focus leave it

  const hostOf = (target) => {
    const host = target instanceof Element ? target.closest("[title]") : null;
    return host && !host.closest("svg, .md-tooltip2") && host.getAttribute("title").trim() ? host : null;
  };
  const within = (target) => shown && target instanceof Node && (shown.host.contains(target) || shown.node.contains(target));
  const named = (host) => host.hasAttribute("aria-label") || host.hasAttribute("aria-labelledby") || host.textContent.trim();

  function place() {
    const { host, node } = shown;
    const box = host.getBoundingClientRect();
    node.style.setProperty("--md-tooltip-host-x", `${box.x + scrollX}px`);
    node.style.setProperty("--md-tooltip-host-y", `${box.y + scrollY}px`);
    node.style.setProperty("--md-tooltip-x", `${box.width / 2}px`);
    node.style.setProperty("--md-tooltip-y", `${GAP_PX + box.height}px`);
    node.style.setProperty("--md-tooltip-width", `${node.firstChild.offsetWidth}px`);
  }

  function show(host) {
    if (shown?.host === host) return clearTimeout(shown.timer);
    if (host === dismissed) return;
    hide(true);
    const node = document.createElement("div");
    node.className = "md-tooltip2 md-tooltip2--bottom";
    node.id = `pft-tooltip-${++sequence}`;
    node.setAttribute("role", "tooltip");
    node.style.setProperty("--md-tooltip-tail", "0px");
    const inner = node.appendChild(document.createElement("div"));
    inner.className = "md-tooltip2__inner md-typeset";
    const title = host.getAttribute("title");
    inner.textContent = title;
    shown = { host, node, title, label: !named(host), describedBy: host.getAttribute("aria-describedby"), timer: 0 };
    host.removeAttribute("title");
    if (shown.label) host.setAttribute("aria-label", title);
    else host.setAttribute("aria-describedby", [node.id, shown.describedBy].filter(Boolean).join(" "));
    document.body.append(node);
    place();
    requestAnimationFrame(() => node.classList.add("md-tooltip2--active"));
  }

  // Hides the tooltip at once, or after HIDE_AFTER_MS unless the pointer or the focus is back by then.
  function hide(now) {
    if (!shown) return;
    const current = shown;
    clearTimeout(current.timer);
    if (!now) {
      current.timer = setTimeout(() => {
        const active = current.host.isConnected && [current.host, current.node].some((el) => el.matches(":hover, :focus-within"));
        if (!active) hide(true);
      }, HIDE_AFTER_MS);
      return;
    }
    shown = null;
    current.node.remove();
    const { host } = current;
    // A title set while the tooltip showed (the element changed its own) is kept.
    if (!host.hasAttribute("title")) host.setAttribute("title", current.title);
    if (current.label) host.removeAttribute("aria-label");
    else if (current.describedBy) host.setAttribute("aria-describedby", current.describedBy);
    else host.removeAttribute("aria-describedby");
  }

  function leave(related) {
    if (dismissed && !(related instanceof Node && dismissed.contains(related))) dismissed = null;
    if (!within(related)) hide(false);
  }

  addEventListener("mouseover", (event) => {
    if (shown && !shown.host.isConnected) hide(true);
    if (within(event.target)) return clearTimeout(shown.timer);
    const host = hostOf(event.target);
    if (host) show(host);
  });
  addEventListener("mouseout", (event) => leave(event.relatedTarget));
  addEventListener("focusin", (event) => {
    const host = hostOf(event.target);
    if (host) show(host);
  });
  addEventListener("focusout", (event) => leave(event.relatedTarget));
  addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !shown) return;
    dismissed = shown.host;
    hide(true);
  });
  // Scrolling a box the element is in (a wide table, a code block, the sidebar) moves it; so may a resize.
  const follow = () => shown && (shown.host.isConnected ? place() : hide(true));
  addEventListener("scroll", follow, { capture: true, passive: true });
  addEventListener("resize", follow, { passive: true });
  // Instant navigation swaps the page's content out from under the pointer without a mouseout.
  addEventListener("DOMContentLoaded", () => window.document$?.subscribe(() => hide(true)));
})();
