// Validation issues shown in place in the body viewer: each issue's JSON pointer located in the
// text (json-locate.ts), marked on its first line with the message beside it, and handed to
// @codemirror/lint so the gutter, hover and F8 navigation show it too.
import type { Diagnostic } from "@codemirror/lint";
import { type EditorState, type Extension, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, WidgetType } from "@codemirror/view";
import type { ValidationIssue } from "../../server/contract/index.ts";
import { locatePointer } from "../json-locate.ts";

/** Issues marked in place; the list above the body names them all anyway. */
export const MAX_MARKED_ISSUES = 200;

interface Located {
  issue: ValidationIssue;
  pointer: string;
  from: number;
  /** End of the mark: the value's end, or its first line's end for a value over many lines. */
  to: number;
  lineEnd: number;
}

/** The message after the marked line: text only, never HTML (messages quote sender values). */
class IssueNote extends WidgetType {
  constructor(
    readonly message: string,
    readonly pointer: string,
  ) {
    super();
  }
  override eq(other: IssueNote) {
    return other.message === this.message && other.pointer === this.pointer;
  }
  override toDOM() {
    const note = document.createElement("span");
    note.className = "issue";
    note.setAttribute("data-for", this.pointer);
    note.textContent = `⚠ ${this.message}`;
    return note;
  }
}

function locate(state: EditorState, issues: readonly ValidationIssue[]): Located[] {
  const text = state.doc.toString();
  return issues.slice(0, MAX_MARKED_ISSUES).map((issue) => {
    const span = locatePointer(text, issue.pointer);
    const lineEnd = state.doc.lineAt(span.from).to;
    return { issue, pointer: span.pointer, from: span.from, to: Math.min(span.to, lineEnd), lineEnd };
  });
}

function decorations(found: readonly Located[]): DecorationSet {
  const ranges = found.flatMap((f) => {
    const mark = Decoration.mark({
      class: "has-issue",
      attributes: { "data-pointer": f.pointer },
    });
    const note = Decoration.widget({ widget: new IssueNote(f.issue.message, f.issue.pointer), side: 1 });
    return f.to > f.from ? [mark.range(f.from, f.to), note.range(f.lineEnd)] : [note.range(f.lineEnd)];
  });
  return Decoration.set(ranges, true);
}

/**
 * The issues' marks as an extension, plus the same issues as lint diagnostics (for
 * `setDiagnostics` once the view exists).
 */
export function issueMarks(
  state: EditorState,
  issues: readonly ValidationIssue[],
): { extension: Extension; diagnostics: Diagnostic[] } {
  const found = locate(state, issues);
  const field = StateField.define<DecorationSet>({
    create: () => decorations(found),
    update: (set, tr) => set.map(tr.changes),
    provide: (f) => EditorView.decorations.from(f),
  });
  const diagnostics: Diagnostic[] = found.map((f) => ({
    from: f.from,
    to: f.to,
    severity: "error",
    source: f.issue.keyword,
    message: `${f.issue.pointer || "/"}: ${f.issue.message}`,
  }));
  return { extension: field, diagnostics };
}
