// Charts arrive as SVG text from Python: keep only what the SVG policy of runner/output.json allows
// (the build refuses a chart that would lose anything here; docs_tools/output.py reads the same
// policy) and return a node to insert, never an HTML string.
import OUTPUT from "../output.json";

const ELEMENTS = new Set(OUTPUT.svg.elements);
const ATTRIBUTES = new Set(OUTPUT.svg.attributes);
const STYLE_PROPERTIES = OUTPUT.svg.style_properties;
const FORBIDDEN = new RegExp(OUTPUT.svg.forbidden_in_values.join("|"), "i");
// Namespace declarations (xmlns, xmlns:xlink) name vocabularies; they do nothing by themselves.
const XMLNS = "http://www.w3.org/2000/xmlns/";

function clean(element) {
  if (!ELEMENTS.has(element.localName) || (element.localName === "style" && FORBIDDEN.test(element.textContent))) {
    element.remove();
    return;
  }
  for (const attribute of [...element.attributes]) {
    if (attribute.namespaceURI !== XMLNS && (!ATTRIBUTES.has(attribute.localName) || FORBIDDEN.test(attribute.value))) {
      element.removeAttribute(attribute.name);
    }
  }
  if (element.hasAttribute("style")) keepStyleProperties(element);
}

// The browser's own CSS parser reads the style attribute (escapes resolved); only the listed
// properties are written back.
function keepStyleProperties(element) {
  const declared = element.style;
  const kept = STYLE_PROPERTIES.map((name) => [name, declared.getPropertyValue(name)])
    .filter(([, value]) => value && !FORBIDDEN.test(value))
    .map(([name, value]) => `${name}: ${value}`);
  if (kept.length) element.setAttribute("style", kept.join("; "));
  else element.removeAttribute("style");
}

/** A sanitised copy of `text` as an SVG element owned by `document`, or null if it is not SVG. */
export function sanitiseSVG(text, document) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
  for (const element of [root, ...root.querySelectorAll("*")]) {
    if (root.contains(element)) clean(element);
  }
  return document.importNode(root, true);
}
