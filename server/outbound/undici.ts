// undici, loaded the first time an outbound request needs it. It is about a third of the
// server's code and start-up never uses it: the bundle leaves it out (scripts/build.mjs) and it
// is required from node_modules here, once.
import { createRequire } from "node:module";

type Undici = typeof import("undici");
let loaded: Undici | null = null;

/** The undici module (required on the first call). */
export function undici(): Undici {
  loaded ??= createRequire(import.meta.url)("undici") as Undici;
  return loaded;
}
