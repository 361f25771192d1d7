// The CodeMirror 6 JSON editor behind web/components/JsonEditor.tsx, loaded on demand so the
// console's first paint does not carry it. Read-only viewer (folding, search, issues in place)
// or editor (syntax lint; schema.ts adds schema-aware completion and lint, loaded only to edit).
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState, type Extension, StateEffect } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import type { ValidationIssue } from "../../server/contract/index.ts";
import { issueMarks } from "./issues.ts";
import { styleNonce } from "./nonce.ts";
import { editorTheme } from "./theme.ts";

export interface JsonEditorOptions {
  parent: HTMLElement;
  doc: string;
  readOnly: boolean;
  /** Validation issues to mark in place (viewer). */
  issues?: readonly ValidationIssue[];
  /** Called with the whole text after each edit (editor). */
  onChange?(text: string): void;
  /** Accessible name of the editing area. */
  label?: string;
  /** More extensions (schema.ts's, when editing). */
  extensions?: Extension[];
}

/**
 * Schema support (codemirror-json-schema), imported from here so it is its own chunk on top of
 * this one: the read-only viewer never loads it.
 */
export const loadSchemaSupport = () => import("./schema.ts");

export interface JsonEditorHandle {
  view: EditorView;
  destroy(): void;
}

function common(opts: JsonEditorOptions): Extension[] {
  const nonce = styleNonce();
  return [
    basicSetup,
    editorTheme,
    lintGutter(),
    json(),
    ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
    EditorView.contentAttributes.of({ "aria-label": opts.label ?? "JSON body" }),
  ];
}

function editing(opts: JsonEditorOptions): Extension[] {
  return [
    linter(jsonParseLinter()),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) opts.onChange?.(u.state.doc.toString());
    }),
  ];
}

/**
 * Mounts a JSON viewer or editor in `parent`.
 * @example createJsonEditor({ parent, doc: '{"a":1}', readOnly: true, issues })
 */
export function createJsonEditor(opts: JsonEditorOptions): JsonEditorHandle {
  const extensions = [
    ...common(opts),
    ...(opts.readOnly ? [EditorState.readOnly.of(true)] : editing(opts)),
    ...(opts.extensions ?? []),
  ];
  const view = new EditorView({
    parent: opts.parent,
    state: EditorState.create({ doc: opts.doc, extensions }),
  });
  if (opts.issues?.length) {
    const marks = issueMarks(view.state, opts.issues);
    view.dispatch({ effects: StateEffect.appendConfig.of(marks.extension) });
    view.dispatch(setDiagnostics(view.state, marks.diagnostics));
  }
  return { view, destroy: () => view.destroy() };
}
