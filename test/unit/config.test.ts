import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULTS, resolveConfig } from "../../server/config.ts";

describe("resolveConfig", () => {
  it("uses the documented defaults", () => {
    const c = resolveConfig({}, {}, null);
    expect(c).toMatchObject({
      httpsPort: 8443,
      httpPort: 8080,
      consolePort: 4400,
      host: "0.0.0.0",
      consoleHost: "127.0.0.1",
    });
    expect(c.retention).toBe(10_000);
    expect(c.bodyLimit).toBe(1024 * 1024);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("layers file < environment < flags", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-config-"));
    try {
      const file = join(dir, "quayside.config.json");
      await writeFile(file, JSON.stringify({ httpsPort: 1111, consolePort: 2222, retention: 5 }));
      const c = resolveConfig(
        { httpsPort: "3333" },
        { QUAYSIDE_CONSOLE_PORT: "4444", QUAYSIDE_SAN: "a.example, b.example" },
        file,
      );
      expect(c.httpsPort).toBe(3333);
      expect(c.consolePort).toBe(4444);
      expect(c.retention).toBe(5);
      expect(c.san).toEqual(["a.example", "b.example"]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("names the setting to change when a value is wrong", () => {
    expect(() => resolveConfig({ httpsPort: "99999" }, {}, null)).toThrow(/--https-port.*port 0-65535/);
    expect(() => resolveConfig({}, { QUAYSIDE_CLIENT_CERT: "maybe" }, null)).toThrow(
      /QUAYSIDE_CLIENT_CERT.*off, report or require/,
    );
    expect(() => resolveConfig({ consoleHost: "0.0.0.0" }, {}, null)).toThrow(/--token/);
    expect(() => resolveConfig({ serverCert: "a.pem" }, {}, null)).toThrow(ConfigError);
  });

  it("rejects a config file that is not a JSON object or has unknown keys", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quayside-config-"));
    try {
      const file = join(dir, "bad.json");
      await writeFile(file, "[1,2");
      expect(() => resolveConfig({}, {}, file)).toThrow(/not a JSON object/);
      await writeFile(file, '{"htpsPort": 1}');
      expect(() => resolveConfig({}, {}, file)).toThrow(/unknown setting "htpsPort"/);
      // names every object inherits are not settings either
      for (const inherited of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
        await writeFile(file, `{"${inherited}": 1}`);
        expect(() => resolveConfig({}, {}, file)).toThrow(`unknown setting "${inherited}"`);
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("makes ECDSA certificates unless RSA is asked for, and refuses other key types", () => {
    expect(resolveConfig({}, {}, null).keyType).toBe("ec");
    expect(resolveConfig({}, { QUAYSIDE_KEY_TYPE: "rsa" }, null).keyType).toBe("rsa");
    expect(() => resolveConfig({ keyType: "dsa" }, {}, null)).toThrow(
      /--key-type\): expected ec or rsa, got "dsa"/,
    );
  });

  it("--no-http turns the plain receiver off and a token allows an exposed console", () => {
    expect(resolveConfig({ httpPort: false }, {}, null).httpPort).toBeNull();
    expect(resolveConfig({ consoleHost: "0.0.0.0", token: "s3cret" }, {}, null).token).toBe("s3cret");
    expect(DEFAULTS.clientCert).toBe("report");
  });
});
