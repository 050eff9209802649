// Charts arrive as SVG text from Python: keep drawing elements, drop anything that runs code
// or fetches from elsewhere, and return a node to insert (never an HTML string).

const DROP = new Set([
  "script", "foreignobject", "iframe", "object", "embed", "image", "audio", "video",
  "animate", "animatemotion", "animatetransform", "set", "use", "handler", "listener",
]);
const REMOTE_URL = /url\(\s*["']?(?!#)[^)]*\)/gi;

function cleanAttributes(element) {
  for (const { name, value } of [...element.attributes]) {
    const lower = name.toLowerCase();
    const v = value.trim().toLowerCase();
    const isLink = lower === "href" || lower.endsWith(":href") || lower === "src";
    if (lower.startsWith("on") || (isLink && !v.startsWith("#")) || v.includes("javascript:") || /url\(\s*["']?(?!#)/.test(v)) {
      element.removeAttribute(name);
    }
  }
}

/** A sanitised copy of `text` as an SVG element owned by `document`, or null if it is not SVG. */
export function sanitiseSVG(text, document) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
  for (const element of [root, ...root.querySelectorAll("*")]) {
    if (DROP.has(element.localName.toLowerCase())) {
      element.remove();
      continue;
    }
    cleanAttributes(element);
    if (element.localName === "style") {
      element.textContent = element.textContent.replace(/@import[^;]*;?/gi, "").replace(REMOTE_URL, "none");
    }
  }
  return document.importNode(root, true);
}
