// Carriage returns in a block's text output, by the rule of runner/output.json that
// docs_tools/output.py follows at build time: a "\r" that does not end a line ("\r\n" does)
// clears the line written so far, so a progress line redrawn with "\r" shows its latest state.
// A "\r" that ends the text so far is kept, for it waits on what is printed next.
export function applyCarriageReturns(text) {
  if (!text.includes("\r")) return text;
  const tail = text.endsWith("\r") ? "\r" : "";
  const body = tail ? text.slice(0, -1) : text;
  return body.replaceAll("\r\n", "\n").split("\n")
    .map((line) => line.split("\r").findLast((part) => part) ?? "")
    .join("\n") + tail;
}

/** Adds `text` to a text `node` of output, as the rule above has it shown. */
export function appendOutput(node, text) {
  if (text.includes("\r") || node.data.endsWith("\r")) node.data = applyCarriageReturns(node.data + text);
  else node.appendData(text);
}
