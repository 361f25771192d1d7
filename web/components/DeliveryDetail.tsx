import { useEffect, useState } from "preact/hooks";
import type { DeliveryDetail as Detail } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { AttemptsTab } from "./AttemptsTab.tsx";
import { BodyTab } from "./BodyTab.tsx";
import { DetailCopies } from "./DetailCopies.tsx";
import { DetailHeader } from "./DetailHeader.tsx";
import { HeadersTab } from "./HeadersTab.tsx";
import { ReplayDialog } from "./ReplayDialog.tsx";
import { ReplaysTab } from "./ReplaysTab.tsx";
import { ResponseTab } from "./ResponseTab.tsx";
import { TlsTab } from "./TlsTab.tsx";

export const TABS = ["Body", "Headers", "TLS", "Response", "Attempts", "Replays"] as const;
export type Tab = (typeof TABS)[number];

export interface DeliveryDetailProps {
  id: string;
  version: number;
  replayOpen: boolean;
  setReplayOpen(open: boolean): void;
  onDelete(): void;
  onClose(): void;
}

/** The detail pane: the body is fetched when a row opens (the live socket carries summaries). */
export function DeliveryDetail({
  id,
  version,
  replayOpen,
  setReplayOpen,
  onDelete,
  onClose,
}: DeliveryDetailProps) {
  const [delivery, setDelivery] = useState<Detail | null>(null);
  const [error, setError] = useState("");
  const [tab, setTab] = useState<Tab>("Body");
  const [bump, setBump] = useState(0);

  useEffect(() => {
    setError("");
    api.delivery(id).then(setDelivery, (e: Error) => setError(e.message));
  }, [id, version, bump]);

  if (error)
    return (
      <aside class="detail">
        <p class="error">{error}</p>
      </aside>
    );
  if (!delivery || delivery.id !== id)
    return (
      <aside class="detail">
        <p>Loading…</p>
      </aside>
    );
  const d = delivery;
  return (
    <aside class="detail" data-testid="detail">
      <DetailHeader delivery={d} onReplay={() => setReplayOpen(true)} onDelete={onDelete} onClose={onClose} />
      <DetailCopies delivery={d} />
      <div class="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            type="button"
            key={t}
            role="tab"
            class={t === tab ? "active" : ""}
            aria-selected={t === tab}
            data-testid={`tab-${t.toLowerCase()}`}
            onClick={() => setTab(t)}
          >
            {t}
            {t === "Replays" && d.replays.length ? ` (${d.replays.length})` : ""}
          </button>
        ))}
      </div>
      <div class="tab-panel">
        {tab === "Body" && <BodyTab delivery={d} />}
        {tab === "Headers" && <HeadersTab delivery={d} />}
        {tab === "TLS" && <TlsTab delivery={d} />}
        {tab === "Response" && <ResponseTab delivery={d} />}
        {tab === "Attempts" && <AttemptsTab delivery={d} version={version} />}
        {tab === "Replays" && <ReplaysTab delivery={d} onReplay={() => setReplayOpen(true)} />}
      </div>
      {replayOpen && (
        <ReplayDialog delivery={d} onClose={() => setReplayOpen(false)} onDone={() => setBump(bump + 1)} />
      )}
    </aside>
  );
}
