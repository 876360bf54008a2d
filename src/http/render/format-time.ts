/** A moment as the pages show it: to the minute, in UTC ("2026-11-25 21:46 UTC"). */
export function formatUtc(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}
