// The attempt cell of a chain's row with "group retries" on: ×attempts and the chain's outcome,
// a button that expands the row to the older attempts.
import type { ChainView } from "../../server/contract/index.ts";
import { chainOutcome, type ListItem } from "../state/groups.ts";

export interface ChainToggleProps {
  group: NonNullable<ListItem["group"]>;
  latestAttempt: number;
  onToggle(chainId: string): void;
}

const OUTCOME: Record<ChainView["outcome"], { mark: string; words: string }> = {
  delivered: { mark: "✓", words: "delivered" },
  failing: { mark: "↻", words: "failing, retries expected" },
  "gave-up": { mark: "✕", words: "the sender gave up" },
};

export function ChainToggle({ group, latestAttempt, onToggle }: ChainToggleProps) {
  const outcome = chainOutcome(group.chainId, latestAttempt);
  const said = outcome ? OUTCOME[outcome] : null;
  const older = group.loaded - 1;
  return (
    <button
      type="button"
      class={`chain-toggle${outcome ? ` outcome-${outcome}` : ""}`}
      aria-expanded={group.expanded}
      data-testid="chain-toggle"
      data-outcome={outcome ?? undefined}
      title={`${group.attempts} attempts${said ? `, ${said.words}` : ""}; ${group.expanded ? "hide" : "show"} the ${older} older attempt${older === 1 ? "" : "s"} loaded`}
      onClick={(e) => {
        e.stopPropagation(); // the row's click opens it; this one only folds
        onToggle(group.chainId);
      }}
    >
      {group.expanded ? "▾" : "▸"}×{group.attempts}
      {said ? <span class="outcome"> {said.mark}</span> : null}
    </button>
  );
}
