import { useEffect, useRef, useState } from "preact/hooks";
import type { CatalogEntry, CatalogEntryDetail } from "../../server/contract/index.ts";
import { api } from "../api.ts";
import { plural, registryLabel } from "../format.ts";
import { endpoints } from "../state/console.ts";

/** Every event Quayside knows: schema, samples, the sender's delivery semantics. */
export function Catalog() {
  const [entries, setEntries] = useState<CatalogEntry[]>([]);
  const [open, setOpen] = useState<CatalogEntryDetail | null>(null);
  const [message, setMessage] = useState("");
  // Feedback sits next to the button that was clicked, keyed by entry: the user may be far
  // down the list, where a message at the top of the page would go unseen.
  const [sent, setSent] = useState<Map<string, string>>(new Map());
  const [target, setTarget] = useState("demo");
  const detail = useRef<HTMLElement>(null);
  useEffect(() => {
    api.catalog().then(setEntries, (e: Error) => setMessage(e.message));
  }, []);
  useEffect(() => {
    detail.current?.scrollIntoView({ block: "nearest" });
  }, [open]);
  const note = (e: CatalogEntry, text: string) =>
    setSent((m) => new Map(m).set(`${e.registry}/${e.event}`, text));
  const show = (e: CatalogEntry) =>
    api.catalogEntry(e.registry, e.event).then(setOpen, (err: Error) => note(e, err.message));
  const send = async (e: CatalogEntry) => {
    note(e, "sending…");
    try {
      const r = await api.sendSample(e.registry, e.event, target);
      note(
        e,
        `${r.delivered ? "Delivered" : "Not delivered"} to ${target} (${plural(r.attempts.length, "attempt")})`,
      );
    } catch (err) {
      note(e, (err as Error).message);
    }
  };
  return (
    <main class="page catalog" data-testid="catalog-page">
      <h1>Event catalog</h1>
      <p>
        Send samples to endpoint{" "}
        <input list="endpoint-names" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        <datalist id="endpoint-names">
          {endpoints.value.map((e) => (
            <option key={e.name} value={e.name} />
          ))}
        </datalist>{" "}
        {message}
      </p>
      <div class="catalog-grid">
        <table class="kv">
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.registry}/${e.event}`} data-testid="catalog-entry">
                <th>
                  <button type="button" class="link" onClick={() => show(e)}>
                    {registryLabel(e.registry)} · {e.event}
                  </button>
                  {e.speculative && (
                    <span class="badge badge-unknown-event" title="derived from guessed samples; permissive">
                      guess
                    </span>
                  )}
                </th>
                <td>
                  {e.label}{" "}
                  <button type="button" onClick={() => send(e)}>
                    send sample
                  </button>
                  {sent.has(`${e.registry}/${e.event}`) && (
                    <span class="send-result" data-testid="send-result" role="status">
                      {" "}
                      {sent.get(`${e.registry}/${e.event}`)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {open && (
          <section class="catalog-detail" ref={detail} data-testid="catalog-detail">
            <h2>
              {registryLabel(open.registry)} {open.event}
            </h2>
            <p>{open.description}</p>
            <h3>Delivery</h3>
            <ul>
              <li>
                timeout {open.semantics.timeoutMs} ms; success {open.semantics.success}
              </li>
              <li>{open.semantics.retry.description}</li>
              <li>client certificate: {open.semantics.clientCert}</li>
              {open.semantics.warnings.map((w) => (
                <li key={w} class="warning">
                  {w}
                </li>
              ))}
            </ul>
            <h3>Samples</h3>
            {Object.entries(open.sampleBodies).map(([name, body]) => (
              <details key={name}>
                <summary>{name}</summary>
                <pre class="raw">{JSON.stringify(body, null, 2)}</pre>
              </details>
            ))}
            <h3>Schema</h3>
            <pre class="raw">{JSON.stringify(open.schema, null, 2)}</pre>
          </section>
        )}
      </div>
    </main>
  );
}
