import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DateTime, Duration } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessService } from '../identity/access.service.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import type { FiredJob } from '../jobs/job.types.js';
import { ClockService } from '../time/clock.service.js';
import { msg } from '../common/messages/message-catalogue.js';

/** The clock of one tenant as the API shows it. */
export interface TenantClockView {
  tenant: string;
  tenantId: string;
  now: string;
  /** `simulated`: the tenant's own time, moved by advance; `real`: the machine's time. */
  mode: 'real' | 'simulated';
  timeZone: string;
}

const MAX_STEPS = 1_000_000;

/**
 * Reads and moves the time of one tenant. Moving it fires that tenant's jobs due on the way, in
 * order of due time, each at its own instant — never another tenant's. Moves of one tenant are
 * serialised by a PostgreSQL advisory lock held for the whole move (any process), and each starts
 * from the time the previous one left in the database, so concurrent moves all count.
 */
@Injectable()
export class AdvanceClockCommand {
  constructor(
    private readonly ds: DataSource,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /** The tenant a caller names (key or id; default their own), checked for access; 404 across tenants. */
  async resolve(user: AuthUser, ref: string | undefined, forMove: boolean): Promise<{ id: string; key: string; time_zone: string; parent: string | null }> {
    if (!ref && !user.tenantId) throw new BadRequestException(msg('clock.tenantRequired'));
    const [t] = await this.ds.query(
      `SELECT t.id, t.key, t.time_zone, s.parent_tenant_id AS parent FROM tenant t LEFT JOIN sandbox s ON s.tenant_id = t.id
       WHERE t.key = $1 OR t.id::text = $1`, [ref ?? user.tenantId]);
    const notFound = () => new NotFoundException(msg('tenant.notFound', { ref: ref ?? '' }));
    if (!t) throw notFound();
    if (user.isSuperadmin) return t;
    // a sandbox belongs to the administrators of the tenant it copies
    const owner: string = t.parent ?? t.id;
    if (owner !== user.tenantId) throw notFound();
    // a designer runs the sandbox, and so moves its clock; a tenant's own clock is its administrators'
    const mayMove = this.access.isTenantAdmin(user, owner) || (!!t.parent && this.access.canDesign(user, owner));
    if (forMove && !mayMove) throw new ForbiddenException(msg('clock.adminsOnly'));
    return t;
  }

  /** `GET /api/clock?tenant=`. */
  async view(user: AuthUser, ref?: string): Promise<TenantClockView> {
    const t = await this.resolve(user, ref, false);
    const own = this.clock.mode === 'simulated' || (await this.clock.ownInDatabase(t.id));
    const now = await this.clock.read(t.id, undefined, own);
    return { tenant: t.key, tenantId: t.id, now: now.toISOString(), mode: own ? 'simulated' : 'real', timeZone: t.time_zone };
  }

  /** `POST /api/clock/advance`: by `duration` or `to`, firing what falls due on the way. */
  async advance(user: AuthUser, body: { tenant?: string; duration?: string; to?: string }): Promise<TenantClockView & { from: string; fired: number; jobs: FiredJob[] }> {
    const t = await this.resolve(user, body.tenant, true);
    if (this.clock.mode === 'real' && !(await this.clock.ownInDatabase(t.id))) {
      throw new ConflictException(msg('clock.realTime', { key: t.key }));
    }
    let duration: Duration | undefined;
    let to: Date | undefined;
    if (body.duration && !body.to) {
      duration = Duration.fromISO(body.duration);
      if (!duration.isValid) throw new BadRequestException(msg('clock.badDuration', { value: body.duration }));
      if (Object.values(duration.toObject()).some((v) => (v ?? 0) < 0)) throw new BadRequestException(msg('clock.negativeDuration'));
    } else if (body.to && !body.duration) {
      const parsed = DateTime.fromISO(body.to, { setZone: true });
      if (!parsed.isValid) throw new BadRequestException(msg('clock.badTo', { value: body.to }));
      to = parsed.toJSDate();
    } else {
      throw new BadRequestException(msg('clock.oneOf'));
    }
    // One move of this tenant at a time, in any process: a session advisory lock on a connection of its own.
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query(`SELECT pg_advisory_lock(hashtext('tenant-clock:' || $1))`, [t.id]);
      const start = await this.ds.transaction((tx) => this.clock.ensureOwn(t.id, tx));
      const target = to ?? DateTime.fromJSDate(start, { zone: 'utc' }).plus(duration!).toJSDate();
      if (target.getTime() < start.getTime()) {
        throw new BadRequestException(msg('clock.backwards', { key: t.key, now: start.toISOString(), target: target.toISOString() }));
      }
      const fired: FiredJob[] = [];
      let now = start;
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const next = await this.jobs.nextDue(target, t.id);
        if (!next) break;
        if (next > now) now = await this.clock.moveTo(t.id, next);
        const batch = await this.jobs.runDue(now, undefined, t.id);
        fired.push(...batch);
        if (!batch.length) break; // what is due is locked by another process: it fires there
      }
      now = await this.clock.moveTo(t.id, target);
      return {
        tenant: t.key, tenantId: t.id, from: start.toISOString(), now: now.toISOString(), mode: 'simulated', timeZone: t.time_zone,
        fired: fired.length, jobs: fired.slice(0, 1000),
      };
    } finally {
      await qr.query(`SELECT pg_advisory_unlock(hashtext('tenant-clock:' || $1))`, [t.id]).catch(() => undefined);
      await qr.release();
    }
  }
}
