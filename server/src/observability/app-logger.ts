import { ConsoleLogger } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { LOG_LEVELS } from '../config/app-config.js';
import { currentLogContext } from './log-context.js';

/** The Nest log levels enabled by `LOG_LEVEL` (fatal always). */
export function nestLevels(level: AppConfig['logLevel']): LogLevel[] {
  return ['fatal', ...LOG_LEVELS.slice(LOG_LEVELS.indexOf(level))] as LogLevel[];
}

/**
 * The server's logger: Nest's console logger, as text or — with `LOG_FORMAT=json` — one JSON
 * object per line (`level`, `pid`, `timestamp`, `message`, `context`, and `requestId` / `jobId`
 * of the request or job the line belongs to, `instanceIds` of the process instances it has worked
 * on — text: `req=… job=… inst=…`). Colours only when stdout is a terminal (and
 * `NO_COLOR` is unset), never in JSON.
 */
export class AppLogger extends ConsoleLogger {
  constructor(config: Pick<AppConfig, 'logLevel' | 'logFormat' | 'logColors'>) {
    const json = config.logFormat === 'json';
    super({ logLevels: nestLevels(config.logLevel), json, colors: !json && config.logColors });
  }

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const record = super.getJsonLogObject(message, options);
    const ctx = currentLogContext();
    if (ctx?.requestId) record.requestId = ctx.requestId;
    if (ctx?.jobId) record.jobId = ctx.jobId;
    if (ctx?.instanceIds?.length) record.instanceIds = [...ctx.instanceIds];
    return record;
  }

  protected override formatMessage(logLevel: LogLevel, message: unknown, pidMessage: string, formattedLogLevel: string, contextMessage: string, timestampDiff: string): string {
    const ctx = currentLogContext();
    const tag = [ctx?.requestId && `req=${ctx.requestId}`, ctx?.jobId && `job=${ctx.jobId}`, ctx?.instanceIds?.length && `inst=${ctx.instanceIds.join(',')}`]
      .filter(Boolean).join(' ');
    return super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, tag ? `${contextMessage}${tag} ` : contextMessage, timestampDiff);
  }
}
