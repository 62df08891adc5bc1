import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line carries besides its message: the request or job it belongs to. */
export interface LogContext {
  /** Id of the HTTP request (its `X-Request-Id`, or one made up); jobs keep the id of the request that created them when known. */
  requestId?: string;
  /** Id of the job being run by the job executor. */
  jobId?: string;
  /** The process instances the request or job has worked on so far (the first few), so that a failure names them. */
  instanceIds?: string[];
}

/** How many instance ids a log context keeps (a job group or a signal may touch many). */
const MAX_INSTANCE_IDS = 3;

const storage = new AsyncLocalStorage<LogContext>();

/** The context of the code running now (empty outside a request or job). */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/**
 * Notes that the code running now works on process instance `id`: the lines it logs from here on
 * (a failed statement, the request's error) name it. No effect outside a request or job.
 */
export function noteLogInstance(id: string): void {
  const ctx = storage.getStore();
  if (!ctx) return;
  const ids = (ctx.instanceIds ??= []);
  if (ids.length < MAX_INSTANCE_IDS && !ids.includes(id)) ids.push(id);
}

/** Runs `fn` with `ctx` as the log context of everything it calls, synchronously or not. */
export function runWithLogContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
