import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  diffDeliveries,
  exportDelivery,
  exportMany,
  pickSamples,
  writeSampleFiles,
} from "../../server/export/index.ts";
import { unzip } from "../../server/export/zip.ts";
import { makeDelivery } from "../helpers/delivery.ts";

/** The published HAR 1.2 schemas: draft-06 files that reference each other by "$id". */
function harValidator() {
  const require = createRequire(import.meta.url);
  const schemas = require("har-schema") as Record<string, object>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema("har.json#");
  if (!validate) throw new Error("har.json# not registered");
  return validate;
}

const BODY = '{\n  "repository": "ns/repo",\n  "updated_tags": ["latest"]\n}';

describe("HAR export", () => {
  const validate = harValidator();

  it("validates against HAR 1.2 and carries the exact body and our answer", () => {
    const d = makeDelivery({ text: BODY, query: "?status=503&token=abc" });
    const har = JSON.parse(exportDelivery(d, "har", { redact: false }).body as string);
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    const entry = har.log.entries[0];
    expect(har.log.creator.name).toBe("Quayside");
    expect(entry.request.postData).toEqual({ mimeType: "application/json", text: BODY });
    expect(entry.request.url).toBe("https://localhost:8443/hooks/ci/quay/repo_push?status=503&token=abc");
    expect(entry.request.queryString).toEqual([
      { name: "status", value: "503" },
      { name: "token", value: "abc" },
    ]);
    expect(entry.response.status).toBe(200);
    expect(entry.response.content.text).toBe(d.response.body);
    expect(entry.startedDateTime).toBe(d.receivedAt);
  });

  it("stays valid for many deliveries, redacted URLs, binary bodies and reset connections", () => {
    const binary = makeDelivery({ bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41]) });
    const reset = makeDelivery({
      response: { status: 0, headers: [], body: "", delayMs: 0, action: "reset", rule: 0 },
    });
    const withSecret = makeDelivery({ query: "?access_token=xyz" });
    const har = JSON.parse(exportMany([reset, binary, withSecret], "har", { redact: true }).body as string);
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    expect(har.log.entries).toHaveLength(3);
    // Oldest first, whatever order they were given in.
    const [first, second, third] = har.log.entries;
    expect(Buffer.from(first.request.postData.text, "base64")).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    expect(first.request.postData._encoding).toBe("base64");
    expect(second.response.status).toBe(0);
    expect(third.request.url).toContain("access_token=%3Credacted%3E");
  });
});

describe("Markdown, JSON and fixture exports", () => {
  it("writes an event heading, the request line, a headers table and a fenced JSON body", () => {
    const md = exportDelivery(makeDelivery({ text: BODY }), "md", { redact: false }).body as string;
    expect(md).toContain("## Quay repo_push\n");
    expect(md).toContain("`POST /hooks/ci/quay/repo_push`");
    expect(md).toContain("| `Content-Type` | `application/json` |");
    expect(md).toContain(
      '```json\n{\n  "repository": "ns/repo",\n  "updated_tags": [\n    "latest"\n  ]\n}\n```',
    );
  });

  it("names unknown events and keeps a body with backticks inside its fence", () => {
    const text = "not json ```` still body";
    const md = exportDelivery(makeDelivery({ registry: null, event: null, text }), "md", { redact: false })
      .body as string;
    expect(md.startsWith("## Unknown event\n")).toBe(true);
    expect(md).toContain(`\`\`\`\`\`text\n${text}\n\`\`\`\`\``);
  });

  it("pretty-prints JSON and gives the fixture its exact bytes and path", () => {
    const d = makeDelivery({ text: '{"a":1,"b":[true]}' });
    expect(exportDelivery(d, "json", { redact: false }).body).toBe(
      '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}\n',
    );
    const fixture = exportDelivery(d, "fixture", { redact: false });
    expect(fixture.filename).toBe("fixtures/quay/repo_push.json");
    expect(fixture.body).toEqual(Buffer.from('{"a":1,"b":[true]}'));
  });
});

describe("samples", () => {
  it("picks one delivery per registry and event, the newest valid one first", () => {
    const oldValid = makeDelivery({ id: "old-valid" });
    const newValid = makeDelivery({ id: "new-valid" });
    const newestInvalid = makeDelivery({ id: "newest-invalid", validity: "invalid" });
    const onlyInvalid = makeDelivery({
      id: "harbor-invalid",
      registry: "harbor",
      event: "PUSH_ARTIFACT",
      validity: "invalid",
    });
    const unknown = makeDelivery({ id: "unknown", registry: null, event: null });
    const picked = pickSamples([oldValid, newValid, newestInvalid, onlyInvalid, unknown]).map((d) => d.id);
    expect(picked).toEqual(["harbor-invalid", "new-valid"]);
  });

  it("writes <registry>/<event>.json and README.md and refuses paths outside the folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-samples-"));
    try {
      const ds = [
        makeDelivery({ text: '{"x":1}' }),
        makeDelivery({ registry: "dtr", event: "TAG_PUSH", text: "{}" }),
      ];
      await writeSampleFiles(dir, unzip(exportMany(ds, "samples", { redact: true }).body as Buffer));
      expect(await readFile(join(dir, "quay/repo_push.json"), "utf8")).toBe('{\n  "x": 1\n}\n');
      expect(await readFile(join(dir, "dtr/TAG_PUSH.json"), "utf8")).toBe("{}\n");
      expect(await readFile(join(dir, "README.md"), "utf8")).toContain("## MSR / DTR TAG_PUSH");
      await expect(
        writeSampleFiles(dir, [{ name: "../escape.json", data: Buffer.from("{}") }]),
      ).rejects.toThrow(/outside/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("diff", () => {
  it("lists changed body fields as JSON pointers with before and after, and header changes by name", () => {
    const a = makeDelivery({
      text: JSON.stringify({ events: [{ id: "e1", target: { tag: "1.0", "a/b": 1 } }], gone: true }),
      headers: [
        ["Content-Type", "application/json"],
        ["X-Attempt", "1"],
        ["X-Old", "x"],
      ],
    });
    const b = makeDelivery({
      text: JSON.stringify({ events: [{ id: "e1", target: { tag: "1.1", "a/b": 2 } }], added: [1] }),
      headers: [
        ["content-type", "application/json"],
        ["X-Attempt", "3"],
        ["X-New", "y"],
      ],
    });
    const diff = diffDeliveries(a, b);
    expect(diff.body.kind).toBe("json");
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        { op: "changed", path: "/events/0/target/tag", before: "1.0", after: "1.1" },
        { op: "changed", path: "/events/0/target/a~1b", before: 1, after: 2 },
        { op: "removed", path: "/gone", before: true },
        { op: "added", path: "/added", after: [1] },
      ]),
    );
    expect(diff.body.changes).toHaveLength(4);
    expect(diff.headers.changed).toEqual([{ name: "X-Attempt", before: "1", after: "3" }]);
    expect(diff.headers.removed).toEqual([{ name: "X-Old", before: "x" }]);
    expect(diff.headers.added).toEqual([{ name: "X-New", after: "y" }]);
    // what the API sends is exactly the value: no undefined fields, class instances or dates lost on the way
    expect(JSON.parse(JSON.stringify(diff))).toStrictEqual(diff);
  });

  it("reports identical bodies and array moves", () => {
    const same = diffDeliveries(makeDelivery({ text: "[1,2]" }), makeDelivery({ text: "[1,2]" }));
    expect(same.body.identical).toBe(true);
    const moved = diffDeliveries(
      makeDelivery({ text: '{"events":[{"id":"a"},{"id":"b"},{"id":"c","n":1}]}' }),
      makeDelivery({ text: '{"events":[{"id":"c","n":2},{"id":"a"},{"id":"b"}]}' }),
    );
    expect(moved.body.changes).toEqual([
      { op: "changed", path: "/events/0/n", before: 1, after: 2 },
      { op: "moved", path: "/events/0", from: "/events/2", after: { id: "c", n: 1 } },
    ]);
  });
});
