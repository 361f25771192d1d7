// A test tripwire: while armed, any socket connect in this process to an address outside
// loopback, and any DNS look-up of a name other than localhost, fails (and is recorded) instead
// of leaving the machine, so outbound tests stay on 127.0.0.1/::1 even if the guard under test
// were broken. Independent of the code under test.
import dns, { type LookupAddress } from "node:dns";
import { BlockList, isIP, Socket } from "node:net";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

const isLoopback = (address: string) =>
  LOOPBACK.check(address, isIP(address) === 6 ? "ipv6" : "ipv4") && isIP(address) !== 0;

type ConnectOptions = { host?: string; path?: string; lookup?: typeof dns.lookup };
type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

export interface Tripwire {
  /** Addresses a connect was attempted to outside loopback. */
  hits: string[];
  disarm(): void;
}

function optionsOf(args: unknown[]): ConnectOptions | null {
  const first = args[0];
  // net.connect passes its normalized [options, cb] array; tls.connect passes the options
  if (Array.isArray(first)) return (first[0] as ConnectOptions) ?? null;
  if (first && typeof first === "object") return first as ConnectOptions;
  return { host: typeof args[1] === "string" ? args[1] : "localhost" };
}

export function armTripwire(): Tripwire {
  const hits: string[] = [];
  const original = Socket.prototype.connect;
  const trip = (socket: Socket, address: string) => {
    hits.push(address);
    process.nextTick(() => socket.destroy(new Error(`tripwire: connect to ${address} outside loopback`)));
    return socket;
  };
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const opts = optionsOf(args);
    if (opts && !opts.path) {
      const host = (opts.host ?? "localhost").replace(/^\[|\]$/g, "");
      if (isIP(host) && !isLoopback(host)) return trip(this, host);
      if (!isIP(host)) {
        const inner = opts.lookup ?? dns.lookup;
        opts.lookup = ((name: string, o: object, cb: LookupCallback) =>
          (inner as unknown as (n: string, o: object, c: LookupCallback) => void)(
            name,
            o,
            (err, addr, fam) => {
              if (err) return cb(err, addr, fam);
              const list = Array.isArray(addr) ? addr.map((a) => a.address) : [addr];
              const outside = list.find((a) => !isLoopback(a));
              if (outside !== undefined) {
                hits.push(outside);
                return cb(new Error(`tripwire: ${name} resolved to ${outside} outside loopback`), "");
              }
              cb(err, addr, fam);
            },
          )) as unknown as typeof dns.lookup;
      }
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof original;
  const restoreDns = localDnsOnly(hits);
  return {
    hits,
    disarm() {
      Socket.prototype.connect = original;
      restoreDns();
    },
  };
}

/** Only `localhost` and IP literals reach the system resolver; other names are a recorded ENOTFOUND. */
function localDnsOnly(hits: string[]): () => void {
  const { lookup } = dns;
  const promisesLookup = dns.promises.lookup;
  const local = (name: string) => name === "localhost" || isIP(name) !== 0;
  const refuse = (name: string) => {
    hits.push(`dns:${name}`);
    return Object.assign(new Error(`tripwire: DNS look-up of ${name}`), { code: "ENOTFOUND" });
  };
  dns.lookup = ((name: string, ...rest: unknown[]) => {
    if (local(name)) return (lookup as (...a: unknown[]) => void)(name, ...rest);
    const cb = rest.at(-1) as (err: Error) => void;
    process.nextTick(() => cb(refuse(name)));
  }) as typeof dns.lookup;
  dns.promises.lookup = ((name: string, ...rest: unknown[]) =>
    local(name)
      ? (promisesLookup as (...a: unknown[]) => Promise<unknown>)(name, ...rest)
      : Promise.reject(refuse(name))) as typeof dns.promises.lookup;
  return () => {
    dns.lookup = lookup;
    dns.promises.lookup = promisesLookup;
  };
}
