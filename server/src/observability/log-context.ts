import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line carries besides its message: the request or job it belongs to. */
export interface LogContext {
  /** Id of the HTTP request (its `X-Request-Id`, or one made up); jobs keep the id of the request that created them when known. */
  requestId?: string;
  /** Id of the job being run by the job executor. */
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** The context of the code running now (empty outside a request or job). */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `ctx` as the log context of everything it calls, synchronously or not. */
export function runWithLogContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
