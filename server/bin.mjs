#!/usr/bin/env node
// The `quayside` command: runs the precompiled server, building it (and the console UI) first
// when their sources changed since the last build.
import { ensureBuilt, SERVER_BUNDLE } from "../scripts/build.mjs";

await ensureBuilt();
await import(SERVER_BUNDLE);
