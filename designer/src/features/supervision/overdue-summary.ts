/** Overdue tasks counted per process, most first. */
export function countByProcess(tasks: { processKey: string }[]): { processKey: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.processKey, (counts.get(t.processKey) ?? 0) + 1);
  return [...counts]
    .map(([processKey, count]) => ({ processKey, count }))
    .sort((a, b) => b.count - a.count || a.processKey.localeCompare(b.processKey));
}
