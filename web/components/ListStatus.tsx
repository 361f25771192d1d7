// The list's status line over the column headings: the "group retries" toggle and the count.
import { grouped, setGrouped } from "../state/filters.ts";
import { ListCount } from "./ListCount.tsx";

/** The status line's toggle: one row per attempt chain. */
function GroupToggle() {
  return (
    <label
      class="group-toggle"
      title="show each retried event as one row: its latest attempt, ×attempts and outcome"
    >
      <input
        type="checkbox"
        checked={grouped.value}
        onChange={(e) => setGrouped(e.currentTarget.checked)}
        data-testid="group-retries"
      />
      group retries
    </label>
  );
}

export function ListStatus() {
  return (
    <div class="list-status" data-testid="list-status">
      <GroupToggle />
      <ListCount />
    </div>
  );
}
