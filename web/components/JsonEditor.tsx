import { useEffect, useRef, useState } from "preact/hooks";
import type { ValidationIssue } from "../../server/contract/index.ts";
import type { JsonEditorHandle } from "../editor/json-editor.ts";

export interface JsonEditorProps {
  /** The text shown first; the editor re-mounts only when this (or readOnly/issues) changes. */
  doc: string;
  readOnly?: boolean;
  issues?: readonly ValidationIssue[];
  /** JSON Schema for completion and lint while editing; null when the event has none. */
  schema?: unknown;
  onChange?(text: string): void;
  /** data-testid of the mounted editor (its placeholder gets `<testId>-loading`). */
  testId: string;
  /** Extra class: sizes it for its place (body tab, dialog). */
  class?: string;
  label?: string;
}

/** Loaded on first use: CodeMirror stays out of the console's first paint. */
const loadEditor = () => import("../editor/json-editor.ts");

type SchemaModule = Awaited<ReturnType<Awaited<ReturnType<typeof loadEditor>>["loadSchemaSupport"]>>;

/**
 * A CodeMirror JSON viewer or editor, reusable wherever the console shows or edits JSON.
 * Keys typed inside it stay inside it (the list's j/k/r shortcuts are not triggered); Esc
 * still reaches dialogs.
 */
export function JsonEditor(props: JsonEditorProps) {
  const { doc, readOnly = false, issues, schema, testId, label } = props;
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<JsonEditorHandle | null>(null);
  const schemaModule = useRef<SchemaModule | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setReady(false);
    loadEditor()
      .then(async (core) => [core, readOnly ? null : await core.loadSchemaSupport()] as const)
      .then(([{ createJsonEditor }, schemaMod]) => {
        if (!live || !host.current) return;
        schemaModule.current = schemaMod;
        handle.current = createJsonEditor({
          parent: host.current,
          doc,
          readOnly,
          ...(issues ? { issues } : {}),
          ...(label ? { label } : {}),
          ...(schemaMod ? { extensions: schemaMod.schemaExtensions() } : {}),
          onChange: (text) => onChange.current?.(text),
        });
        setReady(true);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      handle.current?.destroy();
      handle.current = null;
    };
  }, [doc, readOnly, issues, label]);

  useEffect(() => {
    const view = handle.current?.view;
    if (ready && view && schema !== undefined) schemaModule.current?.applySchema(view, schema);
  }, [ready, schema]);

  return (
    <div
      class={`json json-editor ${props.class ?? ""}`}
      data-testid={ready ? testId : `${testId}-loading`}
      onKeyDown={(e) => {
        if (e.key !== "Escape") e.stopPropagation();
      }}
    >
      <div ref={host} />
      {failed && <p class="error">The editor could not load; reload the page.</p>}
    </div>
  );
}
