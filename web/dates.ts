// Dates in full for hover titles: the list shows only the wall-clock time.

const LOCAL = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  timeZoneName: "short",
});

/**
 * The local date-time in words, then the ISO UTC form (what logs and the API carry).
 * @example fullDate("2026-12-04T09:30:00.123Z") // "Fri, Dec 4, 2026, 10:30:00.123 AM GMT+1\n2026-12-04T09:30:00.123Z (UTC)"
 */
export function fullDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${LOCAL.format(date)}\n${date.toISOString()} (UTC)`;
}
