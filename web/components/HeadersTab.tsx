import type { DeliveryDetail } from "../../server/contract/index.ts";

export interface HeadersTabProps {
  delivery: DeliveryDetail;
}

/** Request line, remote address and headers in arrival order (duplicates kept). */
export function HeadersTab({ delivery: d }: HeadersTabProps) {
  return (
    <div>
      <p class="reqline">
        <code>
          {d.method} {d.path}
          {d.query}
        </code>{" "}
        from {d.remote.address}:{d.remote.port} over {d.scheme.toUpperCase()}
      </p>
      <table class="kv" data-testid="headers-table">
        <tbody>
          {d.headers.map(([k, v], i) => (
            <tr key={`${k}${i}`}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
