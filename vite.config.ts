/// <reference types="vitest/config" />
// Builds the Preact UI from web/ into dist/web (served by the console); in dev, proxies /api
// and the live socket to a running console. The `test` block configures vitest.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const top = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: "web",
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "../dist/web", emptyOutDir: true },
  server: { proxy: { "/api": { target: "http://127.0.0.1:4400", ws: true } } },
  test: {
    root: top,
    include: ["test/**/*.test.ts"],
    exclude: ["test/bench/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
