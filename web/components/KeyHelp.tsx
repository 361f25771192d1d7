import { Dialog } from "./Dialog.tsx";

export interface KeyHelpProps {
  onClose(): void;
}

export const KEYS: [string, string][] = [
  ["j / k", "next / previous delivery"],
  ["Enter", "open the selected delivery"],
  ["/", "search"],
  ["r", "replay the selected delivery"],
  ["p", "pause / resume live"],
  ["Delete", "delete the selected delivery"],
  ["Esc", "close dialog or detail; in the search box, drop the search"],
  ["?", "this help"],
];

/** The keyboard shortcuts overlay. */
export function KeyHelp({ onClose }: KeyHelpProps) {
  return (
    <Dialog title="Keyboard" onClose={onClose} testId="key-help">
      <table class="kv">
        <tbody>
          {KEYS.map(([k, v]) => (
            <tr key={k}>
              <th>
                <kbd>{k}</kbd>
              </th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
