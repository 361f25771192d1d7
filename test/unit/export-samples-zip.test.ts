import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { exportMany } from "../../server/export/index.ts";
import { createRedactor } from "../../server/export/redact.ts";
import { MAX_ENTRY_BYTES, safeZipName, unzip, zip } from "../../server/export/zip.ts";
import { makeDelivery } from "../helpers/delivery.ts";

const run = promisify(execFile);
const UNZIP = "/usr/bin/unzip";

/** `unzip -t` and `unzip -l` on the archive, when the binary is there; the parser otherwise. */
async function checkWithUnzip(archive: Buffer): Promise<string[]> {
  if (!existsSync(UNZIP)) return unzip(archive).map((e) => e.name);
  const dir = await mkdtemp(join(tmpdir(), "quayside-zip-"));
  try {
    const file = join(dir, "samples.zip");
    await writeFile(file, archive);
    const tested = await run(UNZIP, ["-t", file]);
    expect(tested.stdout).toContain("No errors detected");
    const listed = await run(UNZIP, ["-Z1", file]);
    return listed.stdout.trim().split("\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("samples zip", () => {
  it("is an archive unzip accepts, one file per sample plus README.md", async () => {
    const ds = [
      makeDelivery({ text: '{"repository":"ns/repo"}' }),
      makeDelivery({ registry: "harbor", event: "PUSH_ARTIFACT", text: '{"type":"PUSH_ARTIFACT"}' }),
      makeDelivery({ registry: "zot", event: "image.updated", bytes: Buffer.from([0xff, 0x00, 0x80]) }),
    ];
    const file = exportMany(ds, "samples", { redact: true });
    expect(file.contentType).toBe("application/zip");
    expect(file.filename).toBe("quayside-samples.zip");
    const archive = file.body as Buffer;
    expect(await checkWithUnzip(archive)).toEqual([
      "harbor/PUSH_ARTIFACT.json",
      "quay/repo_push.json",
      "zot/image.updated.bin",
      "README.md",
    ]);
    const entries = unzip(archive);
    expect(entries[2]?.data).toEqual(Buffer.from([0xff, 0x00, 0x80]));
    expect(entries[1]?.data.toString("utf8")).toBe('{\n  "repository": "ns/repo"\n}\n');
  });

  it("names every entry inside the folder, whatever the sender called its event", async () => {
    const hostile = ["../../etc/passwd", "/abs/x", "C:\\win\\x", "..", "a\u0000b", "tag\nline"];
    const ds = hostile.map((event) => makeDelivery({ registry: "../quay" as "quay", event, text: "{}" }));
    const names = await checkWithUnzip(exportMany(ds, "samples", { redact: false }).body as Buffer);
    expect(names).toHaveLength(hostile.length + 1);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).not.toMatch(/^[/\\]|^[A-Za-z]:|(?:^|\/)\.\.(?:\/|$)|[\u0000-\u001f\\]/);
    }
  });

  it("makes names safe and unique in the archive itself", () => {
    expect(safeZipName("../../etc/passwd")).toBe("etc/passwd");
    expect(safeZipName("/abs/../x")).toBe("abs/x");
    expect(safeZipName("C:\\dir\\x")).toBe("C_/dir/x");
    expect(safeZipName("..")).toBe("_");
    const names = unzip(
      zip([
        { name: "a/b.json", data: Buffer.from("1") },
        { name: "a/B.json", data: Buffer.from("2") },
        { name: "../a/b.json", data: Buffer.from("3") },
      ]),
    ).map((e) => e.name);
    expect(names).toEqual(["a/b.json", "a/B-2.json", "a/b-3.json"]);
  });

  it("refuses to inflate an entry past its cap (a zip bomb from a hostile console)", () => {
    const bomb = zip([{ name: "bomb.txt", data: Buffer.alloc(MAX_ENTRY_BYTES + 1) }]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => unzip(bomb)).toThrow(/buffer|length|size/i);
  });

  it("refuses an archive whose data does not match its CRC", () => {
    const archive = zip([{ name: "x.txt", data: Buffer.from("hello hello hello") }]);
    const broken = Buffer.from(archive);
    broken[40] = (broken[40] ?? 0) ^ 0xff; // inside the deflated data
    expect(() => unzip(broken)).toThrow();
  });
});

/** The text of one sample in the zip. */
function sample(archive: Buffer, name: string): string {
  const entry = unzip(archive).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in the archive`);
  return entry.data.toString("utf8");
}

describe("host redaction in samples", () => {
  it("masks loopback in bodies and headers only when asked, and never in a reproduced request's URL", () => {
    const plain = createRedactor();
    expect(plain.text("127.0.0.1:35000")).toBe("127.0.0.1:35000");
    const docs = createRedactor({ maskLoopback: true });
    expect(docs.text('{"host":"127.0.0.1:35000","v6":"[::1]:5000","name":"localhost:5000"}')).toBe(
      '{"host":"192.0.2.1:35000","v6":"[2001:db8::1]:5000","name":"localhost:5000"}',
    );
    expect(docs.headers([["Host", "127.0.0.1:35000"]])).toEqual([["Host", "192.0.2.1:35000"]]);
    expect(docs.url("https://127.0.0.1:8443/hooks/ci")).toBe("https://127.0.0.1:8443/hooks/ci");
    expect(docs.text("http://127.0.0.1:35000/v2")).toBe("http://192.0.2.1:35000/v2");
  });

  it("gives a real distribution body's hosts one placeholder each, in URLs and fields alike", async () => {
    const text = JSON.stringify({
      events: [
        {
          action: "push",
          target: {
            repository: "team/app",
            url: "http://127.0.0.1:35000/v2/team/app/manifests/sha256:1d8f",
          },
          request: { addr: "172.17.0.1:54820", host: "127.0.0.1:35000", method: "PUT" },
          source: { addr: "5f0c2b7d9e1a:5000" },
        },
      ],
    });
    const d = makeDelivery({ registry: "distribution", event: "push", text });
    const body = JSON.parse(
      sample(exportMany([d], "samples", { redact: true }).body as Buffer, "distribution/push.json"),
    );
    const event = body.events[0];
    expect(event.target.url).toBe("http://192.0.2.1:35000/v2/team/app/manifests/sha256:1d8f");
    expect(event.request.host).toBe("192.0.2.1:35000");
    expect(event.request.addr).toBe("192.0.2.2:54820");
    expect(event.source.addr).toBe("registry.example.com:5000");
  });

  it("masks a Harbor host the same way in resource_url, a URL and a percent-encoded URL", () => {
    const text = JSON.stringify({
      type: "PUSH_ARTIFACT",
      event_data: {
        resources: [{ resource_url: "harbor.lab:8443/library/nginx:1.25", digest: "sha256:954b" }],
        repository: { repo_full_name: "library/nginx" },
        link: "https://Harbor.Lab:8443/harbor/projects/1",
        back: "https://console.lab/login?next=https%3A%2F%2Fharbor.lab%3A8443%2Fharbor",
      },
      operator: "admin",
    });
    const d = makeDelivery({ registry: "harbor", event: "PUSH_ARTIFACT", text });
    const out = sample(
      exportMany([d], "samples", { redact: true }).body as Buffer,
      "harbor/PUSH_ARTIFACT.json",
    );
    const data = JSON.parse(out).event_data;
    expect(data.resources[0].resource_url).toBe("registry.example.com:8443/library/nginx:1.25");
    expect(data.link).toBe("https://registry.example.com:8443/harbor/projects/1");
    expect(data.back).toBe(
      "https://registry2.example.com/login?next=https%3A%2F%2Fregistry.example.com%3A8443%2Fharbor",
    );
    expect(out.toLowerCase()).not.toContain("lab");
  });

  it("keeps one placeholder per Quay host across samples, headers and an IPv4-mapped address", () => {
    const push = makeDelivery({
      text: JSON.stringify({
        docker_url: "quay.acme.internal/ns/repo",
        homepage: "https://quay.acme.internal/repository/ns/repo",
        pushed_from: "::ffff:10.1.2.3",
      }),
      headers: [
        ["Host", "localhost:8443"],
        ["X-Forwarded-For", "10.1.2.3"],
      ],
    });
    const build = makeDelivery({
      event: "build_success",
      text: JSON.stringify({ build_url: "https://quay.acme.internal/repository/ns/repo/build/1" }),
    });
    const archive = exportMany([push, build], "samples", { redact: true }).body as Buffer;
    expect(JSON.parse(sample(archive, "quay/repo_push.json"))).toEqual({
      docker_url: "registry.example.com/ns/repo",
      homepage: "https://registry.example.com/repository/ns/repo",
      pushed_from: "::ffff:192.0.2.1",
    });
    expect(JSON.parse(sample(archive, "quay/build_success.json")).build_url).toBe(
      "https://registry.example.com/repository/ns/repo/build/1",
    );
    const readme = sample(archive, "README.md");
    expect(readme).not.toContain("10.1.2.3");
    expect(readme).not.toContain("acme");
  });
});
