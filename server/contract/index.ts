// The one bridge between server/ and web/: JSON types, live messages and error codes.
export * from "./certs.ts";
export * from "./endpoint-name.ts";
export * from "./errors.ts";
export * from "./filters.ts";
export * from "./presets.ts";
export * from "./types.ts";
