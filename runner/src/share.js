// Code that travels in a link, and code saved as a file.
//
// A link carries the code in the URL's fragment (after #), which browsers never send to a
// server: `#snippet=<snippet path>&code=<deflate-raw, base64url>`.

/* global PFT_WHEEL, PFT_REQUIRES_PYTHON */
const FRAGMENT_SNIPPET = "snippet";
const FRAGMENT_CODE = "code";
// Mail and chat programs cut or refuse longer links.
export const MAX_LINK_CHARS = 8_000;
// A link is only read up to this much code, so a crafted one cannot fill the page's memory.
export const MAX_LINKED_CODE_CHARS = 200_000;
// The same limit in UTF-8 bytes (at most four a character), which reading counts as it decompresses.
const MAX_LINKED_CODE_BYTES = MAX_LINKED_CODE_CHARS * 4;

async function pipe(bytes, transform) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(transform)).arrayBuffer());
}

function toBase64URL(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64URL(text) {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * A link to this page that loads `code` into the snippet at `snippet`, with whether it fits: a
 * link no longer than MAX_LINK_CHARS, with no more code than `readLink` reads (code that
 * compresses well can make a short link that is too long to open).
 */
export async function linkFor(snippet, code) {
  const bytes = new TextEncoder().encode(code);
  const packed = toBase64URL(await pipe(bytes, new CompressionStream("deflate-raw")));
  const url = new URL(location.href);
  url.hash = new URLSearchParams({ [FRAGMENT_SNIPPET]: snippet, [FRAGMENT_CODE]: packed }).toString();
  return { url: url.href, fits: url.href.length <= MAX_LINK_CHARS && bytes.length <= MAX_LINKED_CODE_BYTES, length: url.href.length };
}

/**
 * The code a link in `hash` carries: null if it carries none, else {snippet, code} or {snippet,
 * error} (a message for the reader) when the link is damaged or too large; `snippet` is null when
 * the link lost the example's name.
 */
export async function readLink(hash) {
  const fragment = hash.replace(/^#/, "");
  let params = new URLSearchParams(fragment);
  // Some mail and chat programs percent-encode what follows the # (snippet%3D…%26code%3D…): such a
  // link is read once decoded.
  if (!params.has(FRAGMENT_SNIPPET) && !params.has(FRAGMENT_CODE)) {
    let decoded = "";
    try {
      decoded = decodeURIComponent(fragment);
    } catch {
      // Not an encoded link either.
    }
    const encoded = new URLSearchParams(decoded);
    if (encoded.has(FRAGMENT_SNIPPET) || encoded.has(FRAGMENT_CODE)) params = encoded;
  }
  const snippet = params.get(FRAGMENT_SNIPPET);
  const packed = params.get(FRAGMENT_CODE);
  if (snippet === null && packed === null) return null;
  const damaged = { snippet, error: "The code in this link could not be read: the link may have been cut short when it was copied." };
  // Half of a link: cut before its code, or what is left of one that lost its start.
  if (snippet === null || packed === null) return damaged;
  if (packed.length > MAX_LINK_CHARS) return { snippet, error: `This link is longer than the ${MAX_LINK_CHARS.toLocaleString("en")} characters a link to an example may have.` };
  let bytes;
  try {
    bytes = fromBase64URL(packed);
  } catch {
    return damaged;
  }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const parts = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_LINKED_CODE_BYTES) {
        reader.cancel();
        return { snippet, error: "This link carries more code than an example may have." };
      }
      parts.push(value);
    }
    const code = new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(parts).arrayBuffer());
    return { snippet, code };
  } catch {
    return damaged;
  }
}

/** The text of a .py file for `code`, starting with a comment that says how to run it locally. */
export function downloadText(code, { snippet, pageTitle, pageURL, wheelURL }) {
  const name = snippet.split("/").pop();
  const header = [
    `# An example from "${pageTitle.replace(/\s+/g, " ")}" (${pageURL}): ${snippet}`,
    `# To run it on your computer with Python ${PFT_REQUIRES_PYTHON}, install this guide's package`,
    "# (it brings pygal along for charts), then run the file:",
    `#   python -m pip install ${wheelURL}`,
    `#   python ${name}`,
    "# Charts are printed as a one-line [chart: ...] placeholder there.",
    "",
  ];
  return `${header.join("\n")}\n${code.endsWith("\n") ? code : `${code}\n`}`;
}

export const WHEEL = PFT_WHEEL;
