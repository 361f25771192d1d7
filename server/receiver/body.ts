// Reads a request body byte-accurately under a limit (chunked bodies too), and decodes
// gzip/deflate for display with the same limit on the output (decompression bombs).
import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip, inflate } from "node:zlib";

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export interface ReadBody {
  raw: Buffer;
  /** Bytes the sender announced or sent past the limit; the body was not kept. */
  tooLarge: boolean;
  /** The decoded body when Content-Encoding was gzip/deflate, else null. */
  decoded: Buffer | null;
  /** Why decoding failed (bad data, or decoded size over the limit). */
  decodeError: string | null;
}

/**
 * Reads the whole body. Past `limit` bytes (announced or sent) it resolves at once with
 * `tooLarge` and discards the rest unbuffered, so a huge upload costs no memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  const announced = Number(req.headers["content-length"] ?? "0");
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      // Stryker disable next-line StringLiteral: a listener left behind only re-runs tooLarge (a no-op resolve) and never keeps a chunk
      req.removeAllListeners("data");
      req.resume();
      resolve({ raw: Buffer.alloc(0), tooLarge: true, decoded: null, decodeError: null });
    };
    if (announced > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return tooLarge();
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > limit) return;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      decode(raw, String(req.headers["content-encoding"] ?? ""), limit).then(
        ({ decoded, decodeError }) => resolve({ raw, tooLarge: false, decoded, decodeError }),
        reject,
      );
    });
  });
}

async function decode(raw: Buffer, encoding: string, limit: number) {
  const enc = encoding.trim().toLowerCase();
  if (raw.length === 0 || (enc !== "gzip" && enc !== "x-gzip" && enc !== "deflate")) {
    return { decoded: null, decodeError: null };
  }
  try {
    const opts = { maxOutputLength: limit };
    const decoded = enc === "deflate" ? await inflateAsync(raw, opts) : await gunzipAsync(raw, opts);
    return { decoded, decodeError: null };
  } catch (e) {
    // Stryker disable next-line LogicalOperator,StringLiteral: zlib's ERR_BUFFER_TOO_LARGE is itself a RangeError
    const tooBig = (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError;
    return {
      decoded: null,
      decodeError: tooBig
        ? `decoded body exceeds the body limit of ${limit} bytes`
        : `cannot ${enc}-decode the body`,
    };
  }
}

// kept here for the receiver's own imports; the conversions belong to the core
export { payloadBytes, toPayload } from "../core/payload.ts";
