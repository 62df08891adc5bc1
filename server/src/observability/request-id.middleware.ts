import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { runWithLogContext } from './log-context.js';

/** A request id a client or proxy may pass in `X-Request-Id`: short and of safe characters. */
const SAFE_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives every HTTP request an id — the caller's `X-Request-Id` when it is safe, else a new UUID —,
 * returns it in the `X-Request-Id` response header and makes it the log context of everything the
 * request runs, so its command and job log lines carry it.
 */
export function requestIds(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  runWithLogContext({ requestId: id }, next);
}
