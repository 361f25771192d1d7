// Start-up trusts an index file only when every cell has the type its field needs: anything
// else is a corrupt index, rebuilt from its segment. Each field is checked one at a time here,
// with the near misses (a reference one past the table, -1 where null is not allowed).
import { describe, expect, it } from "vitest";
import type { DeliverySummary } from "../../server/contract/index.ts";
import { encodeIndex, isIndexFile } from "../../server/store/index-file.ts";
import { toSummary } from "../../server/store/summary.ts";
import { makeDelivery } from "../helpers/delivery.ts";

// Row layout: 13 pooled references, then id, seq, receivedAt, issueCount, digest, status,
// size, replayOf, then presented, verdict, chain id, chain attempt.
const ID = 13;
const SEQ = 14;
const RECEIVED = 15;
const ISSUES = 16;
const DIGEST = 17;
const STATUS = 18;
const SIZE = 19;
const REPLAY_OF = 20;
const PRESENTED = 21;
const VERDICT = 22;
const CHAIN_ID = 23;
const ATTEMPT = 24;

function summary(): DeliverySummary {
  return toSummary(makeDelivery({ id: "one", chain: null, replayOf: null, digest: null }));
}

/** A change setting the given cells of a row. */
const set = (cells: Record<number, unknown>) => (row: unknown[]) => {
  for (const [cell, value] of Object.entries(cells)) row[Number(cell)] = value;
};

/** Whether an index of one summary, its row changed by `change`, is accepted. */
function accepts(change: (row: unknown[], strings: string[]) => void): boolean {
  const copy = JSON.parse(JSON.stringify(encodeIndex([summary()])));
  change(copy.rows[0], copy.strings);
  return isIndexFile(copy);
}

describe("index file field checks", () => {
  it("pools strings from an empty table, in first-seen order", () => {
    const s = summary();
    const index = encodeIndex([s, s]);
    expect(index.v).toBe(2);
    expect(index.strings[0]).toBe(s.endpoint);
    expect(index.strings[1]).toBe(s.method);
    expect(index.strings[2]).toBe(s.path);
    expect(new Set(index.strings).size).toBe(index.strings.length);
    expect(index.rows[0]).toEqual(index.rows[1]);
    expect(index.rows[0]?.length).toBe(25);
    expect(index.rows[0]?.slice(0, 3)).toEqual([0, 1, 2]);
    expect(encodeIndex([])).toEqual({ v: 2, strings: [], rows: [] });
  });

  it("accepts an unchanged row, and references to any entry of the table", () => {
    expect(accepts(() => {})).toBe(true);
    for (const cell of [0, 1, 2, 5, 6, VERDICT]) {
      expect(accepts(set({ [cell]: 1 }))).toBe(true);
      expect(
        accepts((row, strings) => {
          row[cell] = strings.length - 1;
        }),
      ).toBe(true);
    }
    expect(accepts(set({ 3: -1 }))).toBe(true);
  });

  it("refuses a reference one past the table, below -1, or not a whole number", () => {
    for (const cell of [0, 3, 12, VERDICT]) {
      expect(
        accepts((row, strings) => {
          row[cell] = strings.length;
        }),
      ).toBe(false);
      expect(accepts(set({ [cell]: -2 }))).toBe(false);
      expect(accepts(set({ [cell]: 0.5 }))).toBe(false);
      expect(accepts(set({ [cell]: "0" }))).toBe(false);
    }
  });

  it("refuses null (-1) for endpoint, method, path, detection, validity and the verdict", () => {
    for (const cell of [0, 1, 2, 5, 6, VERDICT]) expect(accepts(set({ [cell]: -1 }))).toBe(false);
  });

  it("refuses a row one cell short or one cell long", () => {
    expect(accepts((row) => row.pop())).toBe(false);
    expect(accepts((row) => row.push(null))).toBe(false);
  });

  it("refuses plain fields of the wrong type", () => {
    for (const cell of [ID, RECEIVED]) expect(accepts(set({ [cell]: 1 }))).toBe(false);
    for (const cell of [SEQ, ISSUES, STATUS, SIZE]) {
      expect(accepts(set({ [cell]: "1" }))).toBe(false);
      expect(accepts(set({ [cell]: null }))).toBe(false);
    }
    for (const cell of [DIGEST, REPLAY_OF]) {
      expect(accepts(set({ [cell]: "x" }))).toBe(true);
      expect(accepts(set({ [cell]: 1 }))).toBe(false);
    }
    expect(accepts(set({ [PRESENTED]: "true" }))).toBe(false);
    expect(accepts(set({ [PRESENTED]: false }))).toBe(true);
  });

  it("accepts no chain, or a chain id with a numbered attempt, and nothing else", () => {
    expect(accepts(set({ [CHAIN_ID]: null }))).toBe(true);
    expect(accepts(set({ [CHAIN_ID]: "c1", [ATTEMPT]: 2 }))).toBe(true);
    expect(accepts(set({ [CHAIN_ID]: "c1", [ATTEMPT]: "2" }))).toBe(false);
    expect(accepts(set({ [CHAIN_ID]: 5 }))).toBe(false);
  });

  it("refuses a string table holding a non-string, even one no row refers to", () => {
    expect(accepts((_row, strings) => strings.push("unused"))).toBe(true);
    expect(
      accepts((_row, strings) => {
        (strings as unknown[]).push(5);
      }),
    ).toBe(false);
    expect(
      accepts((_row, strings) => {
        (strings as unknown[]).unshift(null);
      }),
    ).toBe(false);
  });

  it("refuses what is not an object, and first-shape files with any item missing its summary", () => {
    expect(isIndexFile(null)).toBe(false);
    expect(isIndexFile("items")).toBe(false);
    const fn = Object.assign(() => {}, { items: [] });
    expect(isIndexFile(fn)).toBe(false);
    expect(isIndexFile({ items: [] })).toBe(true);
    const good = { summary: summary() };
    expect(isIndexFile({ items: [good] })).toBe(true);
    expect(isIndexFile({ items: [good, null] })).toBe(false);
    expect(isIndexFile({ items: [good, {}] })).toBe(false);
    expect(isIndexFile({ items: [null] })).toBe(false);
  });
});
