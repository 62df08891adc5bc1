import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

const SIM_KEY = 'simulated_clock_now';

/** Told when a tenant gets a clock of its own (inside the transaction that creates it). */
export type OwnClockListener = (tx: EntityManager, tenantId: string, now: Date) => Promise<void>;

/**
 * The engine's clock port, per tenant.
 *
 * - A tenant **with a clock of its own** (a row of `tenant_clock`) runs on a simulated time that
 *   moves only through `POST /api/clock/advance` for that tenant: every sandbox does, even when
 *   the server runs on the real clock, and under `ENGINE_CLOCK=simulated` every tenant does (its
 *   row is made the first time its time is moved, starting from the server's simulated start).
 * - Any other tenant runs on the machine's time (`ENGINE_CLOCK=real`).
 *
 * {@link ClockService.now} is synchronous and answers from this process's cache (kept in step by
 * every read and move here); {@link ClockService.read} asks the database and is what commands use.
 */
@Injectable()
export class ClockService {
  /** Simulated mode: the time of tenants that have not been moved yet. */
  private base?: Date;
  /** Tenants with a clock of their own, by id. */
  private readonly own = new Map<string, Date>();
  private readonly listeners: OwnClockListener[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {}

  /** The server's clock mode (`ENGINE_CLOCK`). */
  get mode(): 'real' | 'simulated' {
    return this.config.engineClock;
  }

  /** Loads the server's simulated start and every tenant clock. */
  async init(): Promise<void> {
    if (this.mode === 'simulated') {
      const rows: { value: string }[] = await this.ds.query('SELECT value FROM system_setting WHERE key = $1', [SIM_KEY]);
      this.base = rows.length ? new Date(rows[0].value) : new Date();
      if (!rows.length) {
        await this.ds.query(`INSERT INTO system_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [SIM_KEY, this.base.toISOString()]);
      }
    }
    const clocks: { tenant_id: string; now: Date }[] = await this.ds.query(`SELECT tenant_id, now FROM tenant_clock`);
    for (const c of clocks) this.own.set(c.tenant_id, new Date(c.now));
  }

  /** Registers a listener told when a tenant gets its own clock (e.g. to schedule its digests). */
  onOwnClock(listener: OwnClockListener): void {
    this.listeners.push(listener);
  }

  /** The time of tenants without a clock of their own. */
  private serverNow(): Date {
    if (this.mode === 'real') return new Date();
    if (!this.base) throw new Error('the simulated clock is not initialised');
    return new Date(this.base.getTime());
  }

  /** Whether the tenant runs on a time of its own (as far as this process knows). */
  hasOwnClock(tenantId: string): boolean {
    return this.mode === 'simulated' || this.own.has(tenantId);
  }

  /**
   * The tenant's current instant from this process's cache (without a tenant: the server's
   * time). For reads and display; commands use {@link ClockService.read}.
   */
  now(tenantId?: string | null): Date {
    const own = tenantId ? this.own.get(tenantId) : undefined;
    return own ? new Date(own.getTime()) : this.serverNow();
  }

  /**
   * The tenant's current instant from the database. `ownHint` false (the tenant row says it has no
   * clock of its own) spares the query on the real clock.
   */
  async read(tenantId: string, m: EntityManager = this.ds.manager, ownHint?: boolean): Promise<Date> {
    if (this.mode === 'real' && ownHint === false && !this.own.has(tenantId)) return new Date();
    const [row] = await m.query(`SELECT now FROM tenant_clock WHERE tenant_id = $1`, [tenantId]);
    if (!row) {
      this.own.delete(tenantId);
      return this.serverNow();
    }
    const at = new Date(row.now);
    this.remember(tenantId, at);
    return new Date(at.getTime());
  }

  /** Whether the tenant has a row in `tenant_clock` (from the database). */
  async ownInDatabase(tenantId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM tenant_clock WHERE tenant_id = $1`, [tenantId]);
    return rows.length > 0;
  }

  /**
   * Gives the tenant a clock of its own starting at `start` (default: its current time), unless it
   * has one; returns its time.
   */
  async ensureOwn(tenantId: string, m: EntityManager, start?: Date): Promise<Date> {
    const at = start ?? this.serverNow();
    const inserted: { now: Date }[] = await m.query(
      `INSERT INTO tenant_clock (tenant_id, now) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING RETURNING now`, [tenantId, at]);
    if (inserted.length) {
      for (const l of this.listeners) await l(m, tenantId, at);
      this.remember(tenantId, at);
      return new Date(at.getTime());
    }
    return this.read(tenantId, m);
  }

  /** Moves a tenant's own clock forward to `to` (never backwards); returns its time after. */
  async moveTo(tenantId: string, to: Date, m: EntityManager = this.ds.manager): Promise<Date> {
    const [row] = await m.query(
      `UPDATE tenant_clock SET now = greatest(now, $2), updated_at = now() WHERE tenant_id = $1 RETURNING now`, [tenantId, to],
    ).then((r: unknown[]) => (Array.isArray(r[0]) ? (r[0] as { now: Date }[]) : (r as { now: Date }[])));
    if (!row) throw new Error(`tenant ${tenantId} has no clock of its own`);
    const at = new Date(row.now);
    this.remember(tenantId, at);
    return at;
  }

  /** Forgets a tenant (removed). */
  forget(tenantId: string): void {
    this.own.delete(tenantId);
  }

  private remember(tenantId: string, at: Date): void {
    const had = this.own.get(tenantId);
    // another read may have seen a later time already: the cache never goes backwards
    if (!had || had.getTime() < at.getTime()) this.own.set(tenantId, at);
  }
}
