import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { copy } from "../format.ts";
import { health } from "../state/console.ts";

const QUAY_SAMPLE =
  '{"name":"repository","repository":"mynamespace/repository","namespace":"mynamespace","docker_url":"quay.example.com/mynamespace/repository","homepage":"https://quay.example.com/repository/mynamespace/repository","updated_tags":["latest"]}';
const DTR_SAMPLE =
  '{"type":"TAG_PUSH","createdAt":"2026-11-22T10:00:00.000000000Z","contents":{"namespace":"admin","repository":"app","tag":"latest","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","imageName":"registry.example.com/admin/app:latest","os":"linux","architecture":"amd64","author":"admin","pushedAt":"2026-11-22T10:00:00.000000000Z"},"location":"/repositories/admin/app/tags/latest"}';

/** Shown before the first delivery: where to point a registry, and curl commands to try. */
export function EmptyState() {
  const [sent, setSent] = useState("");
  // Until the server says where it listens, show no guessed URL.
  const https = health.value?.urls.https ?? "https://…";
  const http = health.value?.urls.http;
  const curls = [
    [
      "Quay repo_push",
      `curl --cacert certs/ca.pem -H 'Content-Type: application/json' -d '${QUAY_SAMPLE}' ${https}/hooks/demo/quay/repo_push`,
    ],
    [
      "MSR / DTR TAG_PUSH",
      `curl --cacert certs/ca.pem -H 'Content-Type: application/json' -d '${DTR_SAMPLE}' ${https}/hooks/demo`,
    ],
  ];
  const sendSample = async () => {
    try {
      const r = await api.sendSample("quay", "repo_push", "demo");
      setSent(
        r.delivered ? "Sent a Quay repo_push sample to endpoint demo." : "The sample was not delivered.",
      );
    } catch (e) {
      setSent((e as Error).message);
    }
  };
  return (
    <div class="empty" data-testid="empty-state">
      <h2>Waiting for the first webhook</h2>
      <p>Point a registry at one of these URLs (any name after /hooks/ creates an endpoint):</p>
      <ul class="urls">
        <li>
          <code data-testid="empty-https">{https}/hooks/&lt;name&gt;</code>
        </li>
        {http && (
          <li>
            <code data-testid="empty-http">{http}/hooks/&lt;name&gt;</code>
          </li>
        )}
      </ul>
      <p>
        Quay bodies carry no event name: add it to the URL, e.g. /hooks/ci/quay/repo_push. Quay refuses
        localhost: use this machine's LAN name.
      </p>
      {curls.map(([label, cmd]) => (
        <div key={label} class="curl">
          <h3>{label}</h3>
          <pre data-testid="empty-curl">{cmd}</pre>
          <button type="button" onClick={() => copy(cmd as string)}>
            copy
          </button>
        </div>
      ))}
      <p>
        <button type="button" onClick={sendSample} data-testid="send-sample">
          Send a sample
        </button>{" "}
        {sent}
      </p>
    </div>
  );
}
