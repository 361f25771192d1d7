import type { DeliveryDetail } from "../../server/contract/index.ts";
import { registryLabel, repoTag } from "../format.ts";
import { CopyButton } from "./CopyButton.tsx";
import { ExportMenu } from "./ExportMenu.tsx";

export interface DetailHeaderProps {
  delivery: DeliveryDetail;
  onReplay(): void;
  onDelete(): void;
  onClose(): void;
}

/** What the delivery is (event, repository, request line) first; its id small and copyable. */
export function DetailHeader({ delivery: d, onReplay, onDelete, onClose }: DetailHeaderProps) {
  const repo = repoTag(d);
  return (
    <header class="detail-head" data-testid="detail-head">
      <div class="detail-what" data-testid="detail-what">
        <strong>{d.event ? `${registryLabel(d.registry)} ${d.event}` : "Unrecognised delivery"}</strong>
        {repo && <span class="detail-repo"> {repo}</span>}
      </div>
      <div class="detail-req">
        <code class="token">
          {d.method} {d.path}
          {d.query}
        </code>
        <span class="detail-id">
          id <code data-testid="detail-id">{d.id}</code>{" "}
          <CopyButton text={d.id} what="the delivery id" class="mini" />
        </span>
      </div>
      <ExportMenu id={d.id} />
      <button type="button" onClick={onReplay} data-testid="replay-button">
        Replay
      </button>
      <button type="button" onClick={onDelete} data-testid="delete-button">
        Delete
      </button>
      <button type="button" onClick={onClose} aria-label="close detail">
        ×
      </button>
    </header>
  );
}
