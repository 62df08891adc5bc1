import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DB_RETRY_AFTER_SECONDS, isDatabaseUnavailable, redactValues, refusedDataMessage, statementShortForm } from './db-errors.js';
import { isLocalizedMessage, languageOf, localize, msg, render } from './messages/message-catalogue.js';
import type { LocalizedMessage } from './messages/message-catalogue.js';

/** Errors of body parsing that express raises before a route runs. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Every error leaves as JSON `{ statusCode, message, ...details }`: HTTP errors keep their status
 * and details (`problems`, `fields`); a body over the limit is 413, a body that is not JSON 400;
 * data PostgreSQL refuses (NUL, too long for an index) 400; a database that cannot be reached 503
 * with `Retry-After`; anything unexpected is a 500 whose cause is logged (the request's method
 * and path without the query, the statement in short form and the object id of the path, never
 * parameters or bodies), not sent.
 *
 * Messages of the catalogue (`msg(key, params)`, as the exception's body, its `message` or inside
 * its details) are rendered in the caller's language — Russian unless `Accept-Language` prefers
 * English — and the answer carries the key as `code`.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const req = http.getRequest<Request | undefined>();
    const lang = languageOf(req?.headers?.['accept-language']);
    const send = (status: number, m: LocalizedMessage) => {
      res.status(status).json({ statusCode: status, message: render(m, lang), code: m.$msg });
    };
    // Express's and body-parser's own errors (Nest wraps them in an HttpException whose cause they are): in the catalogue.
    const parserError = bodyParserMessage(exception instanceof HttpException ? exception.cause : exception);
    if (parserError) return send(parserError.status, parserError.message);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return send(status, msg('http.bodyTooLarge'));
      if (isLocalizedMessage(body)) return send(status, body);
      const payload = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      const code = isLocalizedMessage(payload.message) ? payload.message.$msg : undefined;
      const routeMissing = status === HttpStatus.NOT_FOUND && typeof payload.message === 'string' && /^Cannot ([A-Z]+) (\S+)$/.exec(payload.message);
      let message = routeMissing ? msg('http.routeNotFound', { method: routeMissing[1], path: routeMissing[2] }) : payload.message;
      if (Array.isArray(message)) message = message.join('; ');
      const localized = localize({ ...payload, message }, lang) as Record<string, unknown>;
      res.status(status).json({ ...localized, statusCode: status, ...(code ? { code } : {}) });
      return;
    }
    const where = req ? `${req.method} ${req.path}` : 'request';
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`${where}: database unavailable (${shortMessage(exception)})`);
      res.setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
      const m = msg('db.unavailable');
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ statusCode: 503, message: render(m, lang), code: m.$msg, retryAfterSeconds: DB_RETRY_AFTER_SECONDS });
      return;
    }
    const refused = refusedDataMessage(exception);
    if (refused) {
      this.logger.warn(`${where}: refused by the database (${statementShortForm(exception) ?? '?'}): ${shortMessage(exception)}`);
      return send(HttpStatus.BAD_REQUEST, msg(refused));
    }
    if (exception instanceof RangeError && /call stack/i.test(exception.message)) {
      this.logger.warn(`${where}: input nested too deeply (stack overflow)`);
      return send(HttpStatus.BAD_REQUEST, msg('input.tooComplex'));
    }
    const statement = statementShortForm(exception);
    const id = req ? PATH_ID.exec(req.path)?.[0] : undefined;
    this.logger.error(
      `${where} failed${statement ? ` in ${statement}` : ''}${id ? ` (object ${id})` : ''}: ${shortMessage(exception)}` +
        (exception instanceof Error && exception.stack ? `\n${exception.stack.split('\n').slice(1, 8).join('\n')}` : ''),
    );
    send(HttpStatus.INTERNAL_SERVER_ERROR, msg('http.internal'));
  }
}

/**
 * The status and catalogue message of an error raised by express or body-parser before a route
 * runs (a body that is not JSON, an unsupported charset or content encoding, a body that cannot be
 * read, a path with broken percent-encoding); undefined for any other error.
 */
function bodyParserMessage(e: unknown): { status: number; message: LocalizedMessage } | undefined {
  const bp = e as (BodyParserError & { statusCode?: number }) | undefined;
  if (!bp || typeof bp !== 'object') return undefined;
  const status = bp.status ?? bp.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  switch (bp.type) {
    case 'entity.too.large':
      return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: msg('http.bodyTooLarge') };
    case 'entity.parse.failed':
      return { status: HttpStatus.BAD_REQUEST, message: msg('http.bodyNotJson', { detail: bp.message ?? '' }) };
    case 'charset.unsupported':
      return { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: msg('http.charsetUnsupported', { charset: (bp as { charset?: string }).charset ?? '?' }) };
    case 'encoding.unsupported':
      return { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: msg('http.encodingUnsupported', { encoding: (bp as { encoding?: string }).encoding ?? '?' }) };
    default:
      if (e instanceof URIError) return { status: HttpStatus.BAD_REQUEST, message: msg('input.badPercent') };
      // a body that could not be read (cut off, wrong length, not the compression it claims)
      if (bp.type !== undefined || /^Z_/.test((bp as { code?: string }).code ?? '')) {
        return { status: status === 413 ? 413 : HttpStatus.BAD_REQUEST, message: status === 413 ? msg('http.bodyTooLarge') : msg('http.bodyUnreadable') };
      }
      return undefined;
  }
}

/** A UUID in a request path: the instance, task or other object the failed request was about. */
const PATH_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The error's message on one line, at most 300 characters, without the values the database quotes in it (a message can quote input). */
export function shortMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return redactValues(m.replace(/\s+/g, ' ')).slice(0, 300);
}
