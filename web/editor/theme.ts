// The editor's look, from the console's own colour variables (so dark mode follows), and the
// lint marks drawn without the data: SVG images @codemirror/lint uses by default: the console's
// CSP (img-src 'self') refuses those.
import { EditorView } from "@codemirror/view";

export const editorTheme = EditorView.theme({
  "&": {
    color: "var(--fg)",
    backgroundColor: "var(--bg)",
    border: "1px solid var(--line)",
    borderRadius: "4px",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
  ".cm-gutters": {
    backgroundColor: "var(--panel)",
    color: "var(--muted)",
    borderRight: "1px solid var(--line)",
  },
  ".cm-activeLineGutter, .cm-activeLine": { backgroundColor: "transparent" },
  ".cm-content": { caretColor: "var(--fg)" },
  ".has-issue": { backgroundColor: "var(--issue-bg)" },
  ".issue": {
    color: "var(--bad)",
    marginLeft: "1.5em",
    fontFamily: "system-ui, sans-serif",
    fontSize: "12px",
  },
  ".cm-lintRange-error, .cm-lintRange-warning, .cm-lintRange-info, .cm-lintRange-hint": {
    backgroundImage: "none",
    textDecoration: "underline wavy var(--bad)",
    textUnderlineOffset: "3px",
  },
  ".cm-lint-marker": { width: "1em", height: "1em" },
  ".cm-lint-marker-error, .cm-lint-marker-warning, .cm-lint-marker-info": {
    content: "normal",
    color: "var(--bad)",
  },
  ".cm-lint-marker-error::before, .cm-lint-marker-warning::before, .cm-lint-marker-info::before": {
    content: '"⚠"',
  },
  ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)" },
  ".cm-searchMatch": { backgroundColor: "var(--sel)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--line)" },
});
