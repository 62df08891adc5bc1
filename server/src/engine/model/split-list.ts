/** Splits a static comma-separated list (candidate groups or users), trimming blanks. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
