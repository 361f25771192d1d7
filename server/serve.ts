// startQuayside: certificates, store and the three listeners (HTTPS + HTTP receiver, console),
// all on the given config. Used by `quayside serve` and by the integration tests (port 0).
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";
import type { Config } from "./config.ts";
import { createConsoleApp } from "./console/app.ts";
import { attachLive } from "./console/live.ts";
import { createCatalog } from "./core/catalog/index.ts";
import { createChainTracker } from "./core/chains/index.ts";
import { createDeliveries, type Deliveries } from "./core/deliveries.ts";
import { createHub } from "./core/hub.ts";
import type { Core, ListenUrls } from "./core/index.ts";
import { createRuleEngine } from "./core/rules/index.ts";
import { projectPath } from "./paths.ts";
import { createReceiverHandler } from "./receiver/http.ts";
import { createReplayer } from "./replay/index.ts";
import { type ConnectionLog, openConnectionLog } from "./store/connections.ts";
import { createStore } from "./store/index.ts";
import { ensureCerts, type LoadedCerts } from "./tls/certs.ts";
import { explainHandshakeError } from "./tls/handshake-words.ts";
import { receiverBases } from "./urls.ts";

export const WEB_ROOT = projectPath("dist", "web");
const VERSION = (JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string })
  .version;

/** Deliveries replayed into the chain tracker at start-up. */
const RESTORE_CHAIN_DELIVERIES = 20_000;

/** A start-up fault a person can fix by changing one setting. */
export class StartupError extends Error {
  override name = "StartupError";
}

export interface Running {
  core: Core;
  certs: LoadedCerts;
  urls: ListenUrls;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "EADDRINUSE"
          ? `port ${port} is in use`
          : e.code === "EACCES"
            ? `no permission for port ${port}`
            : e.message;
      reject(new StartupError(`${why} on ${host}: change ${setting} (0 picks a free port)`));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function applyLimits(server: Server, config: Config) {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = config.maxConnections;
}

/** The core over the data dir: store, chains rebuilt from it, hub, rules and the deliveries service. */
async function openCore(config: Readonly<Config>, certs: LoadedCerts, urls: () => ListenUrls) {
  const hub = createHub();
  const chains = createChainTracker();
  const rules = createRuleEngine();
  // The service needs the store and the store reports to the service: bound once both exist.
  // Until then nothing listens and the tracker is empty, so nothing is lost.
  let deliveries: Deliveries | null = null;
  const store = await createStore({
    dir: config.data,
    retention: config.retention,
    onEvicted: (ids) => deliveries?.evict(ids),
    onWarnings: (warnings) => deliveries?.storeWarnings(warnings),
  });
  // opened once the store holds the data dir's lock
  const connections = await openConnectionLog(config.data).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  hub.restoreConnections(connections.list());
  // Only recent deliveries can still be part of an open chain; older ones would be evicted anyway.
  chains.restore(store.all().slice(-RESTORE_CHAIN_DELIVERIES));
  deliveries = createDeliveries({ store, chains, hub, rules, urls, config });
  const core: Core = {
    config,
    store,
    hub,
    catalog: createCatalog(),
    rules,
    chains,
    deliveries,
    replayer: createReplayer({
      ca: certs.ca,
      client: certs.client,
      selfBase: () => urls().https?.replace("localhost", "127.0.0.1") ?? null,
    }),
    trustedCas: certs.trustedCas,
    urls,
    version: VERSION,
  };
  return { core, connections };
}

/**
 * The receiver's HTTPS and HTTP servers around one plain request handler (no framework on the
 * receive path), with failed TLS handshakes kept and told to the console.
 */
function receiverServers(core: Core, certs: LoadedCerts, connections: ConnectionLog) {
  const { config } = core;
  const receiver = createReceiverHandler(core);
  const https = createHttpsServer(
    {
      key: certs.server.key,
      cert: certs.server.cert,
      ca: certs.trustedCas,
      requestCert: true,
      rejectUnauthorized: false,
      handshakeTimeout: config.handshakeTimeoutMs,
      // how often headers/request timeouts are enforced (Node's default is 30 s)
      connectionsCheckingInterval: 1000,
    },
    receiver,
  ) as unknown as Server;
  // The peer's address is gone once a handshake failed: note it when the connection opens.
  const remotes = new WeakMap<object, string>();
  https.on("connection", (raw: Socket) => remotes.set(raw, `${raw.remoteAddress}:${raw.remotePort}`));
  https.on("tlsClientError", (err: Error, socket: Socket & { _parent?: Socket }) => {
    const event = {
      at: new Date().toISOString(),
      remote:
        remotes.get(socket._parent ?? socket) ??
        remotes.get(socket) ??
        `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`,
      reason: err.message,
      explanation: explainHandshakeError(err.message),
    };
    connections.add(event);
    core.deliveries.noteTlsError(event);
  });
  const http =
    config.httpPort === null ? null : createHttpServer({ connectionsCheckingInterval: 1000 }, receiver);
  return { https, http };
}

/** Listens on every port and says which URLs people and registries use. */
async function listenAll(
  config: Readonly<Config>,
  https: Server,
  http: Server | null,
  consoleServer: Server,
): Promise<ListenUrls> {
  const httpsPort = await listen(https, config.httpsPort, config.host, "--https-port");
  const httpPort =
    http && config.httpPort !== null ? await listen(http, config.httpPort, config.host, "--http-port") : null;
  const consolePort = await listen(consoleServer, config.consolePort, config.consoleHost, "--console-port");
  const consoleHost = config.consoleHost.includes(":") ? `[${config.consoleHost}]` : config.consoleHost;
  return {
    https: `https://localhost:${httpsPort}`,
    http: httpPort === null ? null : `http://localhost:${httpPort}`,
    console: `http://${consoleHost === "127.0.0.1" ? "localhost" : consoleHost}:${consolePort}`,
    receiverHttps: receiverBases("https", httpsPort, config.host),
    receiverHttp: httpPort === null ? [] : receiverBases("http", httpPort, config.host),
  };
}

const closeServer = (s: Server) =>
  new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });

export async function startQuayside(
  config: Readonly<Config>,
  extras?: (core: Core, certs: LoadedCerts) => Hono[],
): Promise<Running> {
  const certs = await ensureCerts(config.certs, {
    sans: config.san,
    keyType: config.keyType,
    ...(config.serverCert && config.serverKey
      ? { serverCert: config.serverCert, serverKey: config.serverKey }
      : {}),
  });
  let urls: ListenUrls = { https: null, http: null, console: "", receiverHttps: [], receiverHttp: [] };
  const { core, connections } = await openCore(config, certs, () => urls);
  const { https, http } = receiverServers(core, certs, connections);
  const { app: consoleApp, guard } = createConsoleApp(core, {
    webRoot: WEB_ROOT,
    extraApis: extras?.(core, certs),
  });
  const consoleServer = createAdaptorServer({ fetch: consoleApp.fetch }) as Server;
  const live = attachLive(consoleServer, core, guard);
  const servers = [https, http, consoleServer].filter((s): s is Server => s !== null);
  for (const s of servers) applyLimits(s, config);
  const closeData = async () => {
    await connections.close();
    await core.store.close();
  };
  try {
    urls = await listenAll(config, https, http, consoleServer);
  } catch (e) {
    for (const s of servers) s.close();
    await closeData();
    throw e;
  }
  return {
    core,
    certs,
    get urls() {
      return urls;
    },
    async close() {
      live.close();
      await Promise.all(servers.map(closeServer));
      await core.replayer.close();
      await closeData();
    },
  };
}
