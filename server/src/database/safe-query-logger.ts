import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { redactValues, shortStatement } from '../common/db-errors.js';

/**
 * TypeORM's logger for the whole server: statements appear in a short form (verb and tables),
 * never with their parameters — instance variables and profiles are personal data, and a
 * parameter can be megabytes long — and error messages are cut to one line of 300 characters, with
 * the values PostgreSQL quotes in them replaced by `"…"`. The request or job and the instances it
 * worked on come with every line from the log context.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  /** `levels`: TypeORM's `logging` (a custom logger gets every event and filters itself). */
  constructor(private readonly levels: readonly ('query' | 'error' | 'warn' | 'schema' | 'migration' | 'log' | 'info')[] = ['error']) {}

  logQuery(query: string): void {
    if (this.levels.includes('query')) this.logger.verbose(shortStatement(query));
  }

  logQueryError(error: string | Error, query: string): void {
    if (!this.levels.includes('error')) return;
    const message = redactValues((typeof error === 'string' ? error : error.message).replace(/\s+/g, ' ')).slice(0, 300);
    this.logger.error(`query failed (${shortStatement(query)}): ${message}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${shortStatement(query)}`);
  }

  logSchemaBuild(message: string): void {
    if (this.levels.includes('schema')) this.logger.verbose(message);
  }

  logMigration(message: string): void {
    if (this.levels.includes('migration')) this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (!this.levels.includes(level)) return;
    const text = String(message).slice(0, 300);
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}
