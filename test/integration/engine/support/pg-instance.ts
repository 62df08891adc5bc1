import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createTenantFixture, deploy, ok } from '../../../support/fixtures.js';
import type { TenantFixture } from '../../../support/fixtures.js';
import { startTestServer } from '../../../support/test-server.js';
import type { TestServer } from '../../../support/test-server.js';

/** The user the driver acts as (a fixture username: teacher11, methodist11, municipal1, centre, t-admin…). */
export type Who = string;

/** Start of the simulated engine time of every semantics suite (a Monday, 09:00 in Kamchatka). */
export const EPOCH = '2027-03-01T09:00:00+12:00';

/** An instance row as `GET /api/process-instances/:id` answers it. */
export interface InstanceView {
  id: string;
  processKey: string;
  state: 'active' | 'completed' | 'terminated';
  activeElementIds: string[];
  variables: Record<string, any>;
  incidents: { id: string; elementId: string; message: string; kind: string }[];
  parentInstanceId: string | null;
  rootInstanceId: string;
  orgId: string | null;
  [k: string]: any;
}

/** A history row as `GET /api/process-instances/:id/history` answers it. */
export interface HistoryRow {
  type: string;
  elementId: string | null;
  elementType: string | null;
  executionId: string | null;
  userId: string | null;
  at: string;
  data: any;
}

/**
 * One server with the simulated clock, the fixture tenant and a `pg` pool on its database: the
 * PostgreSQL counterpart of the engine test kit. Every operation goes through the REST API; the
 * pool only reads rows for assertions.
 */
export class PgEngine {
  private constructor(
    readonly s: TestServer,
    readonly f: TenantFixture,
    readonly db: pg.Pool,
    private readonly dir: string,
  ) {}

  /** Starts the server (`ENGINE_CLOCK=simulated`), creates the tenant, moves the clock to {@link EPOCH}, deploys `files` from `dir`. */
  static async boot(dir: string, files: string[]): Promise<PgEngine> {
    const s = await startTestServer({ ENGINE_CLOCK: 'simulated' });
    const f = await createTenantFixture(s, 'semantics', 'Asia/Kamchatka');
    const db = new pg.Pool({ connectionString: s.databaseUrl, max: 4 });
    const e = new PgEngine(s, f, db, dir);
    await ok(s, 'POST', '/api/clock/advance', { to: EPOCH }, f.tokens['t-admin']);
    if (files.length) await e.deploy(...files);
    return e;
  }

  async close(): Promise<void> {
    await this.db.end();
    await this.s.close();
  }

  /** A diagram beside the spec as a deployment resource. */
  resource(name: string): { name: string; content: string } {
    return { name, content: fs.readFileSync(path.join(this.dir, name), 'utf8') };
  }

  /** Deploys diagrams beside the spec as the tenant administrator. */
  async deploy(...files: string[]): Promise<any> {
    return deploy(this.s, this.f, files.map((n) => this.resource(n)));
  }

  /** The access token of a fixture user; `super` is the superadmin. */
  token(who: Who): string {
    if (who === 'super') return this.f.superToken;
    const t = this.f.tokens[who];
    if (!t) throw new Error(`no fixture user ${who}`);
    return t;
  }

  userId(who: Who): string {
    return this.f.users[who];
  }

  /** Calls the API as `who`; never throws on HTTP errors. */
  call<T = any>(method: string, p: string, body: unknown, who: Who) {
    return this.s.call<T>(method, p, body, this.token(who));
  }

  /** Calls the API as `who`; fails on an unexpected status. */
  ok<T = any>(method: string, p: string, body: unknown, who: Who, expected?: number[]): Promise<T> {
    return ok<T>(this.s, method, p, body, this.token(who), expected);
  }

  /** `POST /api/process-instances` as `who` (default teacher11 of school 1-1). */
  async start(processKey: string, variables: Record<string, unknown> = {}, who: Who = 'teacher11', extra: Record<string, unknown> = {}): Promise<PgInstance> {
    const view = await this.ok<InstanceView>('POST', '/api/process-instances', { processKey, variables, ...extra }, who);
    return new PgInstance(this, view.id);
  }

  /** The instance by id (e.g. one started by a message, a signal or a call activity). */
  instance(id: string): PgInstance {
    return new PgInstance(this, id);
  }

  /** `POST /api/messages` (tenant administrator): how many subscriptions or starts it reached. */
  async publish(name: string, correlationKey?: string, variables: Record<string, unknown> = {}): Promise<number> {
    return (await this.ok('POST', '/api/messages', { name, correlationKey, variables }, 't-admin')).correlated;
  }

  /** `POST /api/signals` (tenant administrator): how many catches and starts it reached. */
  async signal(name: string, variables: Record<string, unknown> = {}): Promise<number> {
    return (await this.ok('POST', '/api/signals', { name, variables }, 't-admin')).delivered;
  }

  /** Advances the simulated clock by an ISO duration, firing everything due on the way. */
  async advance(duration: string): Promise<{ now: string; fired: number; jobs: { kind: string; dueAt: string; firedAt: string; ok: boolean; error?: string }[] }> {
    return this.ok('POST', '/api/clock/advance', { duration }, 't-admin');
  }

  /** The engine time. */
  async now(): Promise<Date> {
    return new Date((await this.ok('GET', '/api/clock', undefined, 't-admin')).now);
  }

  /**
   * Instances of a process key, newest first (as the superadmin: instances started by a timer have
   * no organisation and no starter, and only the superadmin sees those).
   */
  async instancesOf(processKey: string): Promise<InstanceView[]> {
    return (await this.ok('GET', `/api/process-instances?processKey=${processKey}&size=500&tenant=${this.f.tenantKey}`, undefined, 'super')).items;
  }

  /** Runs one SQL query on the test database. */
  async rows<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }
}

/** A process instance driven through the REST API, with the engine test kit's vocabulary. */
export class PgInstance {
  constructor(
    readonly e: PgEngine,
    readonly id: string,
  ) {}

  /** `GET /api/process-instances/:id` (as the superadmin, who sees instances without an organisation too). */
  get(): Promise<InstanceView> {
    return this.e.ok('GET', `/api/process-instances/${this.id}`, undefined, 'super');
  }

  /** Element ids of the active elements, sorted (as stored on the instance row). */
  async active(): Promise<string[]> {
    return [...(await this.get()).activeElementIds].sort();
  }

  async state(): Promise<InstanceView['state']> {
    return (await this.get()).state;
  }

  async variables(): Promise<Record<string, any>> {
    return (await this.get()).variables;
  }

  /** Open tasks of this instance `who` sees in the inbox (assigned or offered). */
  async tasks(who: Who = 'teacher11'): Promise<any[]> {
    return (await this.e.ok('GET', `/api/tasks?processInstanceId=${this.id}&size=100`, undefined, who)).items;
  }

  /** Every open task row of the instance, straight from `user_task` (who sees it aside). */
  async taskRows(elementId?: string): Promise<{ id: string; element_id: string; assignee: string | null; candidate_roles: string[]; due_at: Date | null; input: any }[]> {
    return this.e.rows(
      `SELECT id, element_id, assignee, candidate_roles, due_at, input FROM user_task WHERE instance_id = $1 AND ($2::text IS NULL OR element_id = $2) ORDER BY created_at, id`,
      [this.id, elementId ?? null],
    );
  }

  /** The one open task at `elementId` as `who` sees it; fails when `who` does not see exactly one. */
  async task(elementId: string, who: Who = 'teacher11'): Promise<any> {
    const mine = (await this.tasks(who)).filter((t) => t.elementId === elementId);
    if (mine.length !== 1) throw new Error(`${who} sees ${mine.length} tasks at ${elementId}; active: ${(await this.active()).join(', ')}`);
    return mine[0];
  }

  /** Completes the one open task at `elementId` as `who` (a candidate or the assignee); fails on a non-2xx answer. */
  async completeTask(elementId: string, variables: Record<string, unknown> = {}, who: Who = 'teacher11'): Promise<this> {
    const t = await this.task(elementId, who);
    await this.e.ok('POST', `/api/tasks/${t.id}/complete`, { variables }, who);
    return this;
  }

  /** Completes a task by id; returns the raw answer. */
  completeTaskId(taskId: string, variables: Record<string, unknown>, who: Who) {
    return this.e.call('POST', `/api/tasks/${taskId}/complete`, { variables }, who);
  }

  publish(name: string, correlationKey?: string, variables: Record<string, unknown> = {}) {
    return this.e.publish(name, correlationKey, variables);
  }

  signal(name: string, variables: Record<string, unknown> = {}) {
    return this.e.signal(name, variables);
  }

  advance(duration: string) {
    return this.e.advance(duration);
  }

  /** Open incidents of the instance (`GET /api/incidents?processInstanceId=`). */
  async incidents(): Promise<{ id: string; elementId: string; message: string; kind: string }[]> {
    return (await this.e.ok('GET', `/api/incidents?processInstanceId=${this.id}`, undefined, 't-admin')).items;
  }

  /** `PUT /api/process-instances/:id/variables` as the tenant administrator. */
  async setVariables(variables: Record<string, unknown>): Promise<InstanceView> {
    return this.e.ok('PUT', `/api/process-instances/${this.id}/variables`, { variables }, 't-admin');
  }

  /** `POST /api/incidents/:id/retry`. */
  async retry(incidentId: string): Promise<{ retried: boolean; resolved: boolean }> {
    return this.e.ok('POST', `/api/incidents/${incidentId}/retry`, undefined, 't-admin');
  }

  /** `POST /api/process-instances/:id/cancel` as `who` (default the tenant administrator). */
  async cancel(who: Who = 't-admin'): Promise<InstanceView> {
    return this.e.ok('POST', `/api/process-instances/${this.id}/cancel`, undefined, who);
  }

  /** The history, oldest first. */
  async history(): Promise<HistoryRow[]> {
    return (await this.e.ok('GET', `/api/process-instances/${this.id}/history`, undefined, 'super')).items;
  }

  /** History rows of one type (and element). */
  async historyOf(type: string, elementId?: string): Promise<HistoryRow[]> {
    return (await this.history()).filter((h) => h.type === type && (elementId === undefined || h.elementId === elementId));
  }

  /** Element ids in the order they completed. */
  async completed(): Promise<string[]> {
    return (await this.historyOf('elementCompleted')).map((h) => h.elementId!);
  }

  /** Element ids in the order they were terminated. */
  async terminated(): Promise<string[]> {
    return (await this.historyOf('elementTerminated')).map((h) => h.elementId!);
  }

  /** How many times an element was activated. */
  async activations(elementId: string): Promise<number> {
    return (await this.historyOf('elementActivated', elementId)).length;
  }

  /** Called instances of this one. */
  async children(): Promise<PgInstance[]> {
    const rows = await this.e.rows<{ id: string }>(`SELECT id FROM process_instance WHERE parent_instance_id = $1 ORDER BY started_at, id`, [this.id]);
    return rows.map((r) => new PgInstance(this.e, r.id));
  }

  /** Runtime rows of the instance: open tasks, jobs, subscriptions, incidents. */
  async runtimeRows(): Promise<{ user_task: number; job: number; event_subscription: number; incident: number }> {
    const [r] = await this.e.rows(
      `SELECT (SELECT count(*)::int FROM user_task WHERE instance_id = $1) AS user_task,
              (SELECT count(*)::int FROM job WHERE instance_id = $1) AS job,
              (SELECT count(*)::int FROM event_subscription WHERE instance_id = $1) AS event_subscription,
              (SELECT count(*)::int FROM incident WHERE instance_id = $1) AS incident`,
      [this.id],
    );
    return r;
  }

  /** Timer jobs of the instance (element id and due time), by due time. */
  async jobs(): Promise<{ element_id: string; kind: string; due_at: Date; state: string }[]> {
    return this.e.rows(`SELECT element_id, kind, due_at, state FROM job WHERE instance_id = $1 ORDER BY due_at, element_id`, [this.id]);
  }

  /** Open subscriptions of the instance. */
  async subscriptions(): Promise<{ element_id: string; kind: string; name: string; correlation_key: string | null }[]> {
    return this.e.rows(`SELECT element_id, kind, name, correlation_key FROM event_subscription WHERE instance_id = $1 ORDER BY element_id`, [this.id]);
  }

  /** The engine's own token bookkeeping (null once ended): element instances by element id. */
  async tokens(): Promise<Record<string, number>> {
    const [r] = await this.e.rows(`SELECT engine_state FROM process_instance WHERE id = $1`, [this.id]);
    const out: Record<string, number> = {};
    for (const el of Object.values((r?.engine_state?.elements ?? {}) as Record<string, { elementId: string; parentId: string | null }>)) {
      if (el.parentId !== null) out[el.elementId] = (out[el.elementId] ?? 0) + 1;
    }
    return out;
  }

  /** Expects the instance ended in `state` with no runtime rows left. */
  async expectEnded(state: 'completed' | 'terminated' = 'completed'): Promise<void> {
    const v = await this.get();
    expect({ state: v.state, active: v.activeElementIds }).toEqual({ state, active: [] });
    expect(await this.runtimeRows()).toEqual({ user_task: 0, job: 0, event_subscription: 0, incident: 0 });
  }
}
