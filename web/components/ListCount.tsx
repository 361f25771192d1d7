// The list's status line: how many rows are loaded of how many match ("412 of 100,000").
import { nextCursor, rows, total } from "../state/deliveries.ts";

const number = new Intl.NumberFormat();

export function ListCount() {
  const shown = rows.value.length;
  const all = total.value;
  // with `q` the server does not count (it would read every body): say whether more follow
  const text =
    all !== null
      ? `${number.format(shown)} of ${number.format(Math.max(all, shown))}`
      : `${number.format(shown)}${nextCursor.value ? "+" : ""} matching`;
  const title =
    all !== null
      ? `${plural(shown)} loaded (more load as you scroll) of ${plural(all)} matching the filters`
      : "deliveries found so far by the search; scroll for more";
  return (
    <span class="list-count" data-testid="list-count" title={title}>
      {text}
    </span>
  );
}

const plural = (n: number) => `${number.format(n)} ${n === 1 ? "delivery" : "deliveries"}`;
