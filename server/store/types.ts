// What the rest of the server may ask of the store. The store owns durability (an add
// resolves only once the record is on disk) and retention.
import type {
  DeliveryDetail,
  DeliverySummary,
  EndpointSettings,
  Page,
  ReplayResult,
} from "../contract/index.ts";

/** A delivery before the store gives it a sequence number. */
export type NewDelivery = Omit<DeliveryDetail, "seq">;

export interface ListFilter {
  endpoint?: string;
  registry?: string;
  event?: string;
  validity?: string;
  /** A status filter in the grammar of contract/filters.ts: "503", "5xx", "!200", "200,201", "hang". */
  status?: string;
  cert?: string;
  /** A signature verdict, "bad" (any checked verdict but valid) or "none" (not checked). */
  sig?: string;
  /** Full-text search: summary fields, body, header values, path and query (any case). */
  q?: string;
}

export interface Store {
  /**
   * Resolves once the delivery is durably written. Rejects when the write failed. The object
   * passed in becomes the stored record (its `seq` is set): the caller hands it over.
   */
  add(delivery: NewDelivery): Promise<DeliveryDetail>;
  get(id: string): Promise<DeliveryDetail | undefined>;
  summary(id: string): DeliverySummary | undefined;
  /** A page of the list; with `q`, the search stops when `signal` aborts (rejecting with an AbortError). */
  list(
    filter: ListFilter,
    limit: number,
    cursor?: string | null,
    signal?: AbortSignal,
  ): Promise<Page<DeliverySummary>>;
  /** Every summary, oldest first (for chains and exports). */
  all(): readonly DeliverySummary[];
  addReplay(id: string, result: ReplayResult): Promise<void>;
  remove(ids: string[]): Promise<string[]>;
  clear(endpoint?: string | null): Promise<string[]>;
  count(): number;
  /** Stored deliveries per endpoint name. */
  countsByEndpoint(): ReadonlyMap<string, number>;
  lastSeq(): number;
  endpoints: {
    list(): EndpointSettings[];
    get(name: string): EndpointSettings | undefined;
    /** Persists configured settings (console PUT only: a sender's request never writes here). */
    put(settings: EndpointSettings): Promise<EndpointSettings>;
    remove(name: string): Promise<boolean>;
    /**
     * Notes that an accepted delivery named an endpoint; true the first time an unconfigured
     * name is seen (since it was forgotten), when the console should be told about it.
     */
    see(name: string): boolean;
    /** Unconfigured endpoint names remembered as seen (at most MAX_SEEN_ENDPOINTS). */
    seenCount(): number;
  };
  /** Start-up problems worth telling the user (corrupt files moved aside ...). */
  warnings(): string[];
  close(): Promise<void>;
}

/** How the durable store is opened (createStore in index.ts). */
export interface StoreOptions {
  dir: string;
  retention: number;
  /** Told about deliveries dropped by retention. */
  onEvicted?: (ids: string[]) => void;
  /** How long after a failed seal (say, a full disk) it is tried again; 30 s unless set. */
  sealRetryMs?: number;
  /** Told when warnings() changes while running (a segment could not be sealed, or now is). */
  onWarnings?: (warnings: string[]) => void;
}
