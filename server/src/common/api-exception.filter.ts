import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

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
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const payload = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      let message = Array.isArray(payload.message) ? payload.message.join('; ') : payload.message;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) message = 'the request body is larger than the configured limit (BODY_LIMIT)';
      res.status(status).json({ ...payload, statusCode: status, message });
      return;
    }
    const bp = exception as BodyParserError;
    if (bp?.type === 'entity.too.large') {
      res.status(HttpStatus.PAYLOAD_TOO_LARGE).json({ statusCode: 413, message: 'the request body is larger than the configured limit (BODY_LIMIT)' });
      return;
    }
    if (bp?.type === 'entity.parse.failed') {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: `the request body is not valid JSON: ${bp.message}` });
      return;
    }
    if (bp?.status && bp.status >= 400 && bp.status < 500) {
      res.status(bp.status).json({ statusCode: bp.status, message: bp.message ?? 'bad request' });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'internal error; the server log has the details' });
  }
}
