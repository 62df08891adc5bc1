const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `s` looks like a UUID (so it may go to PostgreSQL as one). */
export function isUuid(s: unknown): boolean {
  return typeof s === 'string' && UUID.test(s);
}

/**
 * Splits references that may be ids or names (user ids or usernames, organisation ids or
 * codes…) into the UUIDs and the rest, so that each half goes to its own column.
 */
export function splitIdsAndNames(refs: string[]): { ids: string[]; names: string[] } {
  return { ids: refs.filter((r) => isUuid(r)), names: refs.filter((r) => !isUuid(r)) };
}
