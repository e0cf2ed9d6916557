/** Tiny helpers to time work and print figures. */
export const now = (): number => performance.now();

export const perSecond = (count: number, milliseconds: number): string => Math.round(count / (milliseconds / 1000)).toLocaleString('en-US');

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Peak resident set size of this process so far. */
export const peakRss = (): string => megabytes(process.resourceUsage().maxRSS * 1024);

export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  console.table(rows);
}
