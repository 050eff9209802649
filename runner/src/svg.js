// Charts arrive as SVG text from Python: keep only what the SVG policy of runner/output.json allows
// (the build refuses a chart that would lose anything here; docs_tools/output.py reads the same
// policy) and return a node to insert, never an HTML string.
//
// Every chart drawn in the browser sits in a shadow root, so the page's stylesheets never meet its
// classes and ids (a root <svg class="md-consent__overlay"> would otherwise be laid out by the
// theme as a fixed layer over the page, and an id could take a heading's anchor). The page's policy
// runs one inline stylesheet in a chart: the one every chart of pft.render carries (its hash is
// listed). A chart drawn with pygal directly carries its own, which the browser would refuse,
// leaving every shape filled black. Its rules go instead into the shadow root's stylesheet, built
// through CSSOM, which the policy allows, keeping only the listed style properties.
/* global PFT_CHART_STYLE */
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
}

/** The listed properties `style` (a CSSStyleDeclaration) sets to an allowed value: [name, value, priority]. */
const keptDeclarations = (style) => STYLE_PROPERTIES.map((name) => [name, style.getPropertyValue(name), style.getPropertyPriority(name)])
  .filter(([, value]) => value && !FORBIDDEN.test(value));

// The page's policy refuses style attributes (in the parsed SVG too, whose own parse of them is
// then empty) but not the CSSOM: the browser's CSS parser reads the attribute's text through a
// constructed stylesheet (escapes resolved), and the kept properties are set through the CSSOM
// once the chart is in the page.
function styleAttribute(text) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`* { ${text} }`); // only this first rule is read, whatever the text closes or opens
  const rule = sheet.cssRules[0];
  return rule instanceof CSSStyleRule ? keptDeclarations(rule.style) : [];
}

// Out of reach of the site's stylesheet, which sizes the charts of the built page to the column.
// A chart no taller than the screen and a half: one drawn a hundred million units tall would push
// the rest of the page past the browser's layout limit, out of reach.
const SCOPE_BASE = "svg { display: block; width: 100%; height: auto; max-height: 150vh; }";

/** The style rules of `css` with only the listed properties, as text; other rules (@font-face, @media, …) are left out. */
function keptRules(css) {
  const parsed = new CSSStyleSheet();
  parsed.replaceSync(css); // @import is ignored here
  const rules = [];
  for (const rule of parsed.cssRules) {
    if (!(rule instanceof CSSStyleRule)) continue;
    const kept = keptDeclarations(rule.style).map(([name, value, priority]) => `${name}: ${value}${priority ? " !important" : ""}`);
    if (kept.length) rules.push(`${rule.selectorText} { ${kept.join("; ")} }`);
  }
  return rules.join("\n");
}

/** `svg` in a shadow root, styled by the kept rules of its own stylesheets `css` (if any). */
function scoped(svg, css, document) {
  const host = document.createElement("div");
  host.className = "pft-chart-scope";
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${SCOPE_BASE}\n${css.map(keptRules).join("\n")}`);
  const shadow = host.attachShadow({ mode: "open" });
  shadow.adoptedStyleSheets = [sheet];
  shadow.append(svg);
  return host;
}

/** A sanitised copy of `text` in a shadow root, as its host element owned by `document`, or null if
 * it is not SVG. */
export function sanitiseSVG(text, document) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) return null;
  for (const element of [root, ...root.querySelectorAll("*")]) {
    if (root.contains(element)) clean(element);
  }
  const foreign = [...root.querySelectorAll("style")].filter((style) => style.textContent !== PFT_CHART_STYLE);
  for (const style of foreign) style.remove();
  const styled = [root, ...root.querySelectorAll("*")].map((element) => {
    const text = element.getAttribute("style");
    element.removeAttribute("style");
    return text === null ? [] : styleAttribute(text);
  });
  const svg = document.importNode(root, true);
  [svg, ...svg.querySelectorAll("*")].forEach((element, i) => {
    for (const [name, value, priority] of styled[i]) element.style.setProperty(name, value, priority);
  });
  return scoped(svg, foreign.map((style) => style.textContent), document);
}
