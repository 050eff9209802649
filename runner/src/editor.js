// The CodeMirror 6 editor, loaded only when a reader presses Edit.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, highlightSpecialChars, keymap, lineNumbers } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

// Unicode's characters that show as nothing: zero-width ones, direction controls, tags.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

// The page's own code colours (mkdocs-material's, per palette), which meet 4.5:1 contrast in light
// and dark; CodeMirror's default style does not (axe color-contrast).
const pageColours = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: "var(--md-code-hl-keyword-color)" },
  { tag: [t.string, t.special(t.string)], color: "var(--md-code-hl-string-color)" },
  { tag: [t.number, t.bool, t.null], color: "var(--md-code-hl-number-color)" },
  { tag: t.comment, color: "var(--md-code-hl-comment-color)" },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName)), t.function(t.propertyName)], color: "var(--md-code-hl-function-color)" },
  { tag: [t.className, t.definition(t.className)], color: "var(--md-code-hl-constant-color)" },
  { tag: [t.operator, t.punctuation], color: "var(--md-code-hl-operator-color)" },
]);

// The page's stylesheets do not reach into the shadow root; its CSS variables do.
const pageTheme = EditorView.theme({
  "&": { maxHeight: "32rem", background: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)", fontSize: ".85em" },
  "&.cm-focused": { outline: ".12rem solid var(--md-accent-fg-color)" },
  ".cm-scroller": { fontFamily: "var(--md-code-font-family, monospace)" },
  ".cm-gutters": { background: "var(--md-code-bg-color)", color: "var(--md-code-hl-comment-color)", border: "none" },
  // A shaded active line takes the code colours below 4.5:1 contrast; its line number stands out instead.
  ".cm-activeLine": { background: "transparent" },
  ".cm-activeLineGutter": { background: "transparent", color: "var(--md-code-fg-color)", fontWeight: "700" },
  ".cm-content": { caretColor: "var(--md-code-fg-color)" },
  ".cm-specialChar": { color: "var(--md-code-hl-special-color)" },
  // Printed, the reader's code is shown whole, as the page's own code is (CodeMirror draws every
  // line for print; the scroll box would still cut them off).
  "@media print": { "&": { maxHeight: "none" }, ".cm-scroller": { overflow: "visible" } },
});

/**
 * An editor for `code` inside `parent`; Ctrl/Cmd+Enter calls `onRun`, Escape calls `onLeave`,
 * and every change of the text calls `onChange`.
 * Tab moves focus on (the default keymap does not trap it), so the page stays usable from the keyboard.
 */
export function createEditor(parent, code, { onRun, onLeave, onChange, label }) {
  // Inside a shadow root CodeMirror styles itself with constructed stylesheets, which the site's
  // Content-Security-Policy allows; in the document it would add <style> elements, which it blocks.
  const shadow = parent.attachShadow({ mode: "open" });
  const mount = shadow.appendChild(document.createElement("div"));
  const view = new EditorView({
    root: shadow,
    parent: mount,
    state: EditorState.create({
      doc: code,
      extensions: [
        Prec.highest(keymap.of([
          { key: "Mod-Enter", run: () => (onRun(), true) },
          { key: "Escape", run: () => (onLeave?.(), true) },
        ])),
        lineNumbers(),
        // Code from a link may hide text, or show it in another order than Python reads it: every
        // character that shows as nothing gets a placeholder, not only CodeMirror's default few.
        highlightSpecialChars({ addSpecialChars: INVISIBLE }),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(pageColours),
        pageTheme,
        // Typing over a selection: Chrome's own editing keeps the replaced text's colours in
        // <span style>, which the site's CSP refuses (a console error); CodeMirror makes the change itself.
        EditorView.domEventHandlers({
          beforeinput(event, view) {
            if (event.inputType !== "insertText" || event.isComposing || event.data == null || view.state.selection.main.empty) return false;
            event.preventDefault();
            view.dispatch({ ...view.state.replaceSelection(event.data), userEvent: "input.type", scrollIntoView: true });
            return true;
          },
        }),
        python(),
        // Four spaces a level, as every example on the site and PEP 8 indent (CodeMirror's default is two).
        indentUnit.of("    "),
        EditorView.updateListener.of((update) => update.docChanged && onChange?.()),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        // tabindex: axe does not count a contenteditable as focusable content of its scroller.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
      ],
    }),
  });
  return {
    get code() {
      return view.state.doc.toString();
    },
    set code(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
