// Wire shapes of /api/certs and /api/diff, shared by the server that answers them and the console
// that shows them, so a renamed field breaks the type-check on both sides instead of the page.

/** One of Quayside's own certificates as /api/certs describes it (never a private key). */
export interface CertSummary {
  /** Where it lies on disk. */
  path: string;
  subject: string;
  issuer: string;
  /** Subject alternative names, split ("DNS:quayside.lan", "IP Address:127.0.0.1"). */
  sans: string[];
  fingerprint256: string;
  /** ISO times. */
  validFrom: string;
  validTo: string;
  /** The console path that downloads it. */
  download: string;
}

/** GET /api/certs. */
export interface CertsView {
  ca: CertSummary;
  server: CertSummary;
  client: CertSummary;
  /** Where the client key lies on disk; the console never serves a private key. */
  clientKey: { path: string };
  /** How many CAs the receiver trusts besides its own. */
  trusted: number;
  /** Set-up steps per registry id. */
  setup: Record<string, string[]>;
}

/** One body difference of two deliveries. */
export interface BodyChange {
  op: "added" | "removed" | "changed" | "moved";
  /** RFC 6901 pointer: into the second body for added/changed/moved, the first for removed. */
  path: string;
  /** For moves: where the item was in the first body. */
  from?: string;
  before?: unknown;
  after?: unknown;
}

/** One header difference, compared by name. */
export interface HeaderChange {
  name: string;
  before?: string;
  after?: string;
}

/** GET /api/diff?a=&b=. */
export interface DeliveryDiff {
  a: { id: string; receivedAt: string; registry: string | null; event: string | null };
  b: { id: string; receivedAt: string; registry: string | null; event: string | null };
  body: { kind: "json" | "text"; identical: boolean; changes: BodyChange[]; left: string; right: string };
  headers: { identical: boolean; added: HeaderChange[]; removed: HeaderChange[]; changed: HeaderChange[] };
}
