/** Told of every engine command a unit of work ran: its type, how long it took and whether it succeeded. */
export type CommandObserver = (type: string, seconds: number, ok: boolean) => void;

const observers = new Set<CommandObserver>();

/** Adds an observer of engine commands; returns its removal. */
export function observeCommands(o: CommandObserver): () => void {
  observers.add(o);
  return () => observers.delete(o);
}

/** Runs one engine command and tells the observers about it. */
export async function timedCommand<T>(type: string, run: () => Promise<T>): Promise<T> {
  if (!observers.size) return run();
  const t0 = performance.now();
  let ok = false;
  try {
    const r = await run();
    ok = true;
    return r;
  } finally {
    const seconds = (performance.now() - t0) / 1000;
    for (const o of observers) o(type, seconds, ok);
  }
}
