import type { DeliveryDetail } from "../../server/contract/index.ts";
import { HeaderTable } from "./HeaderTable.tsx";

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
      <HeaderTable headers={d.headers} testId="headers-table" />
    </div>
  );
}
