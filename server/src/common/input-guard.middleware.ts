import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { BODY_MAX_NODES, findBadText, JSON_MAX_DEPTH, jsonDepth, QUERY_VALUE_MAX, TEXT_MAX, textProblem } from './input-limits.js';
import type { TextProblem } from './input-limits.js';
import { msg } from './messages/message-catalogue.js';
import type { LocalizedMessage } from './messages/message-catalogue.js';

/** A 400 about input, with a catalogue message naming the place and what is wrong. */
export class InputProblem extends BadRequestException {
  constructor(message: LocalizedMessage, fields?: Record<string, LocalizedMessage[]>) {
    super(fields ? { message, fields } : message);
  }
}

/** The catalogue message of a {@link TextProblem} at `where`. */
export function textProblemMessage(p: TextProblem, where: LocalizedMessage): LocalizedMessage {
  const key = p.kind === 'nul' ? 'input.nul' : p.kind === 'surrogate' ? 'input.loneSurrogate' : p.kind === 'tooMany' ? 'input.tooManyValues'
    : p.inKey ? 'input.keyTooLong' : 'input.tooLong';
  return msg(key, { where, limit: p.limit });
}

/** A 400 naming the body field (or the body) with the problem; `fields` carries it under the field's path. */
export function fieldProblem(p: TextProblem): InputProblem {
  const where = p.path ? msg('input.whereField', { name: p.path }) : msg('input.whereBody');
  const m = textProblemMessage(p, where);
  return new InputProblem(m, p.path ? { [p.path]: [m] } : undefined);
}

/**
 * `verify` hook of the JSON body parser: runs on the raw bytes before `JSON.parse`, so a body
 * nested thousands deep is a 400 (from {@link inputGuard}) before any recursive walk,
 * authentication or validation sees it (V8's `JSON.parse` itself is not recursive).
 */
export function verifyJsonDepth(req: Request, _res: unknown, buf: Buffer): void {
  // Marked here and refused by inputGuard: an error thrown from `verify` loses its message in body-parser.
  if (jsonDepth(buf, JSON_MAX_DEPTH) > JSON_MAX_DEPTH) (req as Request & { [TOO_DEEP]?: boolean })[TOO_DEEP] = true;
}

const TOO_DEEP = Symbol('jsonTooDeep');

/**
 * Express middleware after the body parsers and before any route: the URL path, every query
 * value and every string of the body (keys too) must be storable text — no NUL, no lone
 * surrogate, no malformed percent-encoding; query values are at most {@link QUERY_VALUE_MAX}
 * characters; a body holds at most {@link BODY_MAX_NODES} values, its keys at most `TEXT_MAX`
 * characters (body strings are bounded per field by the validation pipe). Anything else is a
 * 400 naming the place.
 */
export function inputGuard(req: Request, _res: Response, next: NextFunction): void {
  if ((req as Request & { [TOO_DEEP]?: boolean })[TOO_DEEP]) return next(new InputProblem(msg('input.jsonTooDeep', { limit: JSON_MAX_DEPTH })));
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new InputProblem(msg('input.badPercent')));
  }
  const kind = textProblem(path);
  if (kind) return next(new InputProblem(textProblemMessage({ path: '', kind }, msg('input.wherePath'))));
  const q = findBadText(req.query, '', QUERY_VALUE_MAX);
  if (q) return next(new InputProblem(textProblemMessage(q, msg('input.whereQuery', { name: q.path.split('.')[0] }))));
  if (req.body !== undefined && req.body !== null) {
    // before any validation walks it: keys as long as any DTO string may be, at most BODY_MAX_NODES values
    const b = findBadText(req.body, '', Infinity, { maxKey: TEXT_MAX, maxNodes: BODY_MAX_NODES });
    if (b) return next(fieldProblem(b));
  }
  next();
}
