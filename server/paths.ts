// Where the project's own files are (fixtures, schemas, the built UI, package.json), wherever the
// running code is: the TypeScript sources under server/, or the precompiled bundle under
// dist/server/. Both sit below the folder that holds package.json.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | null = null;

/** The project folder: the nearest folder above this module that holds package.json. */
export function projectRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("quayside: package.json not found above the running code");
    dir = up;
  }
  root = dir;
  return root;
}

/**
 * A path inside the project.
 * @example projectPath("fixtures", "quay") // "/home/me/quayside/fixtures/quay"
 */
export function projectPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}
