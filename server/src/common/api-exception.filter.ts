import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DB_RETRY_AFTER_SECONDS, isDatabaseUnavailable, refusedDataMessage, statementShortForm } from './db-errors.js';

/** Errors of body parsing that express raises before a route runs. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const TOO_LARGE = 'тело запроса больше допустимого (limit BODY_LIMIT)';

/** A UUID in a request path: the instance, task or other object the failed request was about. */
const PATH_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Every error leaves as JSON `{ statusCode, message, ...details }`: HTTP errors keep their status
 * and details (`problems`, `fields`); a body over the limit is 413, a body that is not JSON 400;
 * data PostgreSQL refuses (NUL, too long for an index) 400; a database that cannot be reached 503
 * with `Retry-After`; anything unexpected is a 500 whose cause is logged (the request's method
 * and path without the query, the statement in short form, never parameters or bodies), not sent.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request | undefined>();
    if (res.headersSent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      let message = Array.isArray(payload.message) ? payload.message.join('; ') : payload.message;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) message = TOO_LARGE;
      res.status(status).json({ ...payload, statusCode: status, message });
      return;
    }
    const bp = exception as BodyParserError;
    if (bp?.type === 'entity.too.large') {
      res.status(HttpStatus.PAYLOAD_TOO_LARGE).json({ statusCode: 413, message: TOO_LARGE });
      return;
    }
    if (bp?.type === 'entity.parse.failed') {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: `тело запроса — не JSON: ${String(bp.message).slice(0, 200)}` });
      return;
    }
    if (bp?.status && bp.status >= 400 && bp.status < 500) {
      res.status(bp.status).json({ statusCode: bp.status, message: bp.message ?? 'неверный запрос' });
      return;
    }
    const where = req ? `${req.method} ${req.path}` : 'request';
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`${where}: database unavailable (${shortMessage(exception)})`);
      res.setHeader('Retry-After', String(DB_RETRY_AFTER_SECONDS));
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({
        statusCode: 503,
        message: 'база данных временно недоступна: повторите запрос через несколько секунд',
        retryAfterSeconds: DB_RETRY_AFTER_SECONDS,
      });
      return;
    }
    const refused = refusedDataMessage(exception);
    if (refused) {
      this.logger.warn(`${where}: refused by the database (${statementShortForm(exception) ?? '?'}): ${shortMessage(exception)}`);
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: refused });
      return;
    }
    if (exception instanceof RangeError && /call stack/i.test(exception.message)) {
      this.logger.warn(`${where}: input nested too deeply (stack overflow)`);
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: 'запрос слишком сложен (слишком глубокая вложенность)' });
      return;
    }
    const statement = statementShortForm(exception);
    const id = req ? PATH_ID.exec(req.path)?.[0] : undefined;
    this.logger.error(
      `${where} failed${statement ? ` in ${statement}` : ''}${id ? ` (object ${id})` : ''}: ${shortMessage(exception)}` +
        (exception instanceof Error && exception.stack ? `\n${exception.stack.split('\n').slice(1, 8).join('\n')}` : ''),
    );
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'внутренняя ошибка сервера; подробности в журнале сервера' });
  }
}

/** The error's message on one line, at most 300 characters (a message can quote input). */
export function shortMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s+/g, ' ').slice(0, 300);
}
