import { Controller, ForbiddenException, Get, Headers, Inject, NotFoundException, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Public } from '../common/public.decorator.js';
import { MetricsService } from './metrics.service.js';
import { msg } from '../common/messages/message-catalogue.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * `GET /metrics` on the main port (outside `/api`). Who may read it: with `METRICS_TOKEN`, whoever
 * sends `Authorization: Bearer <token>`; without it, only clients on this machine (a loopback
 * connection without proxy headers, so a reverse proxy on the same host does not open it). With
 * `METRICS_PORT` the metrics are on that port alone and this answers 404.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Req() req: Request, @Res() res: Response, @Headers('authorization') authorization?: string): Promise<void> {
    const { token, port } = this.config.metrics;
    if (port) throw new NotFoundException(msg('metrics.otherPort', { port }));
    if (token) {
      if (!this.metrics.tokenAccepted(authorization)) throw new UnauthorizedException(msg('metrics.tokenRequired'));
    } else {
      const local = LOOPBACK.test(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
      if (!local) throw new ForbiddenException(msg('metrics.localOnly'));
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.text());
  }
}
