export interface HeaderTableProps {
  headers: [string, string][];
  testId?: string;
}

/** Name/value rows in the order given (duplicates kept). */
export function HeaderTable({ headers, testId }: HeaderTableProps) {
  return (
    <table class="kv" data-testid={testId}>
      <tbody>
        {headers.map(([k, v], i) => (
          <tr key={`${k}${i}`}>
            <th>{k}</th>
            <td class="token">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
