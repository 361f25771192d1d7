// The UI's one HTTP client: typed calls to the console API; errors become ApiError with the
// server's stable code and message.
import type {
  CatalogEntry,
  CatalogEntryDetail,
  CertsView,
  ChainView,
  DeliveryDetail,
  DeliveryDiff,
  DeliverySummary,
  EndpointView,
  ErrorBody,
  ForwardSettings,
  Health,
  Page,
  PresetsView,
  RegistryId,
  ReplayResult,
  Rule,
  SignatureSettings,
  TlsErrorEvent,
  ValidationMode,
} from "../server/contract/index.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`/api${path}`, {
    ...init,
    headers: init?.body ? { "content-type": "application/json", ...init.headers } : init?.headers,
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error;
    throw new ApiError(res.status, err?.code ?? "error", err?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export type Filters = Partial<
  Record<"endpoint" | "registry" | "event" | "validity" | "status" | "cert" | "sig" | "q", string>
>;

const query = (f: Filters & { limit?: number; cursor?: string | null }) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  return params.toString();
};

export const api = {
  /** A page of the list; `signal` aborts it (a search superseded or cancelled). */
  deliveries: (f: Filters, cursor?: string | null, limit = 200, signal?: AbortSignal) =>
    call<Page<DeliverySummary>>(
      `/deliveries?${query({ ...f, limit, cursor })}`,
      signal ? { signal } : undefined,
    ),
  /** One delivery exported as text (curl command, Markdown ...), as the export menu would download it. */
  async exportText(id: string, format: string): Promise<string> {
    const res = await fetch(`/api/deliveries/${encodeURIComponent(id)}/export?format=${format}`);
    if (!res.ok) throw new ApiError(res.status, "error", `HTTP ${res.status}`);
    return res.text();
  },
  delivery: (id: string) => call<DeliveryDetail>(`/deliveries/${encodeURIComponent(id)}`),
  deleteDelivery: (id: string) =>
    call<{ deleted: number }>(`/deliveries/${encodeURIComponent(id)}`, { method: "DELETE" }),
  clear: (endpoint?: string) =>
    call<{ deleted: number }>(`/deliveries${endpoint ? `?endpoint=${encodeURIComponent(endpoint)}` : ""}`, {
      method: "DELETE",
    }),
  endpoints: () => call<EndpointView[]>("/endpoints"),
  saveEndpoint: (
    name: string,
    body: {
      registry?: RegistryId | null;
      rules?: Rule[];
      clientCert?: { mode: string; pins: string[] };
      forward?: ForwardSettings | null;
      signature?: SignatureSettings | null;
      validation?: ValidationMode;
    },
  ) =>
    call<EndpointView>(`/endpoints/${encodeURIComponent(name)}`, {
      method: "PUT",
      body: JSON.stringify(body),
    }),
  health: () => call<Health>("/health"),
  presets: (registry: string | null) =>
    call<PresetsView>(`/presets${registry ? `?registry=${encodeURIComponent(registry)}` : ""}`),
  chain: (id: string) => call<ChainView>(`/chains/${encodeURIComponent(id)}`),
  replay: (
    id: string,
    body: { target: string; body?: string; headers?: Record<string, string>; clientCert?: string },
  ) =>
    call<ReplayResult>(`/deliveries/${encodeURIComponent(id)}/replay`, {
      method: "POST",
      body: JSON.stringify(body),
    }),
  catalog: () => call<CatalogEntry[]>("/catalog"),
  catalogEntry: (registry: string, event: string) =>
    call<CatalogEntryDetail>(`/catalog/${registry}/${event}`),
  sendSample: (registry: string, event: string, endpoint: string) =>
    call<{ delivered: boolean; attempts: { status: number | null; error?: string }[] }>("/send", {
      method: "POST",
      body: JSON.stringify({ registry, event, to: { endpoint } }),
    }),
  certs: () => call<CertsView>("/certs"),
  connections: () => call<TlsErrorEvent[]>("/connections"),
  diff: (a: string, b: string) =>
    call<DeliveryDiff>(`/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`),
};
