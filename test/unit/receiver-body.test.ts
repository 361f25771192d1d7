// Reading a request body under the limit: announced and streamed sizes, one or many chunks, an
// empty body, gzip/deflate decoding (any case, padded) and a decompression bomb.
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBody } from "../../server/receiver/body.ts";

/** A request stream with `headers`; `chunks` are written in order, then the stream ends. */
function request(headers: Record<string, string>, chunks: Buffer[]): IncomingMessage {
  const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
  req.headers = headers;
  setImmediate(() => {
    for (const c of chunks) req.write(c);
    req.end();
  });
  return req;
}

describe("readBody limits", () => {
  it("refuses a body whose announced length is over the limit, even if fewer bytes follow", async () => {
    const read = await readBody(request({ "content-length": "11" }, [Buffer.from("{}")]), 10);
    expect(read).toEqual({ raw: Buffer.alloc(0), tooLarge: true, decoded: null, decodeError: null });
  });

  it("accepts exactly the limit announced and sent, and refuses one byte more sent unannounced", async () => {
    const ten = Buffer.from("0123456789");
    const at = await readBody(request({ "content-length": "10" }, [ten]), 10);
    expect(at).toMatchObject({ raw: ten, tooLarge: false });
    const over = await readBody(request({}, [Buffer.from("01234"), Buffer.from("567890")]), 10);
    expect(over).toEqual({ raw: Buffer.alloc(0), tooLarge: true, decoded: null, decodeError: null });
  });

  it("rejects when the request fails", async () => {
    const req = new PassThrough() as unknown as IncomingMessage & PassThrough;
    req.headers = {};
    setImmediate(() => req.destroy(new Error("socket hang up")));
    await expect(readBody(req, 10)).rejects.toThrow("socket hang up");
  });
});

describe("readBody bytes", () => {
  it("keeps a single chunk as is, joins several, and gives an empty Buffer for no body", async () => {
    const one = Buffer.from('{"a":1}');
    expect((await readBody(request({}, [one]), 100)).raw).toBe(one);
    const two = await readBody(request({}, [Buffer.from('{"a"'), Buffer.from(":1}")]), 100);
    expect(two.raw.toString()).toBe('{"a":1}');
    const none = await readBody(request({ "content-encoding": "gzip" }, []), 100);
    expect(none).toEqual({ raw: Buffer.alloc(0), tooLarge: false, decoded: null, decodeError: null });
  });

  it("decodes gzip and deflate whatever the case and padding, and leaves other bodies alone", async () => {
    const text = '{"ok":true}';
    const gz = await readBody(request({ "content-encoding": " GZip " }, [gzipSync(text)]), 100);
    expect(gz.decoded?.toString()).toBe(text);
    expect(gz.decodeError).toBeNull();
    const df = await readBody(request({ "content-encoding": "deflate" }, [deflateSync(text)]), 100);
    expect(df.decoded?.toString()).toBe(text);
    const plain = await readBody(request({}, [Buffer.from(text)]), 100);
    expect(plain).toMatchObject({ decoded: null, decodeError: null });
    const br = await readBody(request({ "content-encoding": "br" }, [Buffer.from(text)]), 100);
    expect(br).toMatchObject({ decoded: null, decodeError: null });
  });

  it("names a decoded size over the limit apart from data that is not gzip", async () => {
    const bomb = gzipSync(Buffer.alloc(5000));
    const big = await readBody(request({ "content-encoding": "gzip" }, [bomb]), 1000);
    expect(big).toMatchObject({
      decoded: null,
      decodeError: "decoded body exceeds the body limit of 1000 bytes",
    });
    const junk = await readBody(request({ "content-encoding": "x-gzip" }, [Buffer.from("nope")]), 1000);
    expect(junk).toMatchObject({ decoded: null, decodeError: "cannot x-gzip-decode the body" });
  });
});
