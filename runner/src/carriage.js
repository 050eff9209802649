// Carriage returns in a block's text output, by the rule of runner/output.json that
// docs_tools/output.py follows at build time: as in a terminal, a "\r" goes back to the start of
// its line, and what follows writes over the line from there, a character for a character. Text
// arrives in pieces, so where the cursor stands in a node's last line is kept beside the node
// while it is not at the line's end.
const cursors = new WeakMap();

/** `line` with `text` (no newline) written over it from `cursor`, and where the cursor ends. */
function overwrite(line, cursor, text) {
  text.split("\r").forEach((part, i) => {
    if (i) cursor = 0;
    line = line.slice(0, cursor) + part + line.slice(cursor + part.length);
    cursor += part.length;
  });
  return [line, cursor];
}

/** Adds `text` to a text `node` of output, as the rule above has it shown. */
export function appendOutput(node, text) {
  const held = cursors.get(node);
  if (held === undefined && !text.includes("\r")) {
    node.appendData(text);
    return;
  }
  const start = node.data.lastIndexOf("\n") + 1;
  let line = node.data.slice(start);
  let cursor = held ?? line.length;
  const ended = [];
  text.split("\n").forEach((piece, i) => {
    if (i) {
      ended.push(line);
      [line, cursor] = ["", 0];
    }
    [line, cursor] = overwrite(line, cursor, piece);
  });
  node.data = node.data.slice(0, start) + [...ended, line].join("\n");
  if (cursor === line.length) cursors.delete(node);
  else cursors.set(node, cursor);
}
