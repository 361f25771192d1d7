// Schema awareness for the JSON editor (codemirror-json-schema): completion of property names
// and enum values, and lint against the event's catalog schema. A separate chunk, loaded only
// when a body is edited: the read-only viewer never needs it.
import { jsonLanguage } from "@codemirror/lang-json";
import { linter } from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import {
  handleRefresh,
  jsonCompletion,
  jsonSchemaLinter,
  stateExtensions,
  updateSchema,
} from "codemirror-json-schema";

type Schema = Parameters<typeof updateSchema>[1];

/** The editor extensions; the schema arrives later through applySchema. */
export function schemaExtensions(): Extension[] {
  return [
    linter(jsonSchemaLinter(), { needsRefresh: handleRefresh }),
    jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
    stateExtensions(),
  ];
}

/** Sets (or clears, with null) the schema the editor completes and checks against. */
export function applySchema(view: EditorView, schema: unknown): void {
  const usable = schema !== null && typeof schema === "object" ? (schema as Schema) : undefined;
  updateSchema(view, usable);
}
