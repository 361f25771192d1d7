// A body as stored (`{ text }` when it is valid UTF-8, else `{ base64 }`) and back to its exact
// bytes. The receiver stores with it; the console's raw download and replay send with it.
import type { BodyPayload } from "../contract/index.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Text when the bytes are valid UTF-8, else base64.
 * @example toPayload(Buffer.from("{}")) // { text: "{}" }
 */
export function toPayload(bytes: Buffer): BodyPayload {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { base64: bytes.toString("base64") };
  }
}

/**
 * The exact bytes a payload stands for.
 * @example payloadBytes({ base64: "AAE=" }) // <Buffer 00 01>
 */
export function payloadBytes(body: BodyPayload): Buffer {
  return "text" in body ? Buffer.from(body.text, "utf8") : Buffer.from(body.base64, "base64");
}
