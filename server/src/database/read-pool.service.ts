import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * A small pool of read-only connections for the hottest reads — the request guard's session
 * check and the inbox — run as named prepared statements with generic plans.
 *
 * Why: those statements are short, index-driven and of a bounded set of shapes, so PostgreSQL
 * parsing and planning them on every call (as `DataSource.query` does with unnamed statements)
 * costs more than executing them — about 1 ms of planning against 0.5–2 ms of execution for the
 * inbox with a million open tasks. Here each connection prepares a given text once and reuses
 * one plan (`plan_cache_mode = force_generic_plan`: PostgreSQL's own choice kept re-planning,
 * because a custom plan's estimate never looks worse than the generic one). The setting and
 * `default_transaction_read_only` apply to these connections only; TypeORM's pool is untouched.
 * A read here is outside any transaction: use it only where no write of the same request must be
 * seen. Size: `DB_READ_POOL_SIZE` (default 8).
 */
@Injectable()
export class ReadPoolService implements OnModuleDestroy {
  private readonly pool: pg.Pool;
  /** Statement names by SQL text. */
  private readonly names = new Map<string, string>();

  constructor(@Inject(APP_CONFIG) config: AppConfig & { databaseUrl: string }) {
    this.pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.dbReadPoolSize,
      options: '-c plan_cache_mode=force_generic_plan -c default_transaction_read_only=on',
    });
    // An idle connection that the server closes must not crash the process; the pool replaces it.
    this.pool.on('error', (e) => new Logger('ReadPool').warn(`idle read connection failed: ${e.message}`));
  }

  /**
   * Runs `sql` with `params` as a named prepared statement and returns its rows. The text must
   * come from a bounded set of shapes — values go in `params`, never into the text — because
   * every connection keeps each statement it prepared.
   */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    let name = this.names.get(sql);
    if (!name) {
      name = `r_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      this.names.set(sql, name);
    }
    const result = await this.pool.query({ name, text: sql, values: params });
    return result.rows as T[];
  }

  /** Connection counts of the pool (for metrics). */
  stats(): Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'> {
    return this.pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
