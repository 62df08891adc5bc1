import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
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
 * anything unexpected is a 500 whose cause is logged, not sent.
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
    const bp = exception as BodyParserError;
    if (bp?.type === 'entity.too.large') return send(HttpStatus.PAYLOAD_TOO_LARGE, msg('http.bodyTooLarge'));
    if (bp?.type === 'entity.parse.failed') return send(HttpStatus.BAD_REQUEST, msg('http.bodyNotJson', { detail: bp.message }));
    if (bp?.status && bp.status >= 400 && bp.status < 500) {
      res.status(bp.status).json({ statusCode: bp.status, message: bp.message ?? render(msg('http.badRequest'), lang) });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    send(HttpStatus.INTERNAL_SERVER_ERROR, msg('http.internal'));
  }
}
