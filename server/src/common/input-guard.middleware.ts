import type { NextFunction, Request, Response } from 'express';
import { findBadText, InputProblem, JSON_MAX_DEPTH, jsonDepth, QUERY_VALUE_MAX, textProblem } from './input-limits.js';

/**
 * `verify` hook of the JSON body parser: runs on the raw bytes before `JSON.parse`, so a body
 * nested thousands deep is a 400 before it is parsed, authenticated or validated.
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonDepth(buf, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) {
    throw new InputProblem(`тело запроса вложено глубже ${JSON_MAX_DEPTH} уровней`);
  }
}

/**
 * Express middleware after the body parsers and before any route: the URL path, every query
 * value and every string of the body (keys too) must be storable text — no NUL, no lone
 * surrogate, no malformed percent-encoding; query values are at most {@link QUERY_VALUE_MAX}
 * characters (body strings are bounded per field by the validation pipe).
 * Anything else is a 400 naming the place.
 */
export function inputGuard(req: Request, _res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new InputProblem('адрес запроса содержит неверную %-кодировку'));
  }
  const p = textProblem(path);
  if (p) return next(new InputProblem(`адрес запроса ${p}`));
  const q = findBadText(req.query, 'параметр запроса', QUERY_VALUE_MAX);
  if (q) return next(new InputProblem(`${q.path} ${q.problem}`));
  if (req.body !== undefined && req.body !== null) {
    const b = findBadText(req.body, '');
    if (b) return next(new InputProblem(`${b.path ? `поле ${b.path}` : 'тело запроса'} ${b.problem}`));
  }
  next();
}
