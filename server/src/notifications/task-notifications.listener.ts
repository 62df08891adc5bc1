import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import { JobExecutorService } from '../jobs/job-executor.service.js';
import type { JobRow } from '../jobs/job.types.js';
import { RuntimeEventsService } from '../runtime/instances/runtime-events.service.js';
import type { DeferWrite, RuntimeEvent } from '../runtime/instances/runtime-events.service.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import { NotificationService } from './notification.service.js';
import type { RolePair } from '../identity/role-pair.js';

/** Job kind of the reminder before a task falls due. */
export const TASK_REMINDER_JOB = 'task-reminder';
/** How long before the due time the reminder goes out. */
export const REMINDER_BEFORE = 'P1D';

/** « — Иванова Мария Петровна (Школа № 1)»: who a task is about, for subjects and bodies; empty when nobody. */
function about(person: { fullName: string | null; orgName: string | null } | null | undefined): string {
  if (!person?.fullName) return '';
  return ` — ${person.fullName}${person.orgName ? ` (${person.orgName})` : ''}`;
}

const dueFormats = new Map<string, Intl.DateTimeFormat>();

/** «6 декабря 2026, 14:30» in the tenant's zone (one formatter per zone: this runs for every task created). */
export function formatDue(d: Date, zone: string): string {
  let f = dueFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dueFormats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/**
 * Tells people about tasks and process notifications, inside the engine command's transaction
 * (what it writes commits with the task or not at all):
 * - `taskCreated`: the assignee, candidate users and holders of the candidate (role, org) pairs
 *   are told, and a `task-reminder` job is set at due − 1 day;
 * - `taskAssigned` (reassign): the new assignee is told;
 * - `taskEnded`: the task's pending reminder is removed;
 * - `notificationRequested` (the `notify` action): the roles (at the instance organisation's
 *   ancestor of their level) and users named.
 */
@Injectable()
export class TaskNotificationsListener implements OnModuleInit {
  constructor(
    @Inject(RuntimeEventsService) private readonly events: RuntimeEventsService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(NotificationService) private readonly notifications: NotificationService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  onModuleInit(): void {
    this.events.register((tx, e, defer) => this.onEvent(tx, e, defer));
    this.jobs.register(TASK_REMINDER_JOB, (job, tx) => this.remind(job, tx));
  }

  private async onEvent(tx: EntityManager, e: RuntimeEvent, defer: DeferWrite): Promise<void> {
    // Task events are on the hot path of every command: their writes join the command's single
    // write statement (`defer`) instead of costing round trips of their own.
    if (e.type === 'taskCreated') {
      const tenant = await this.tenants.get(e.tenantId, tx);
      const users = e.assignee ? [e.assignee] : e.candidateUsers;
      const name = e.name ?? e.elementId;
      this.notifications.deferNotify(defer, {
        tenantId: e.tenantId, userIds: users, kind: 'task-created', instanceId: e.instanceId, taskId: e.taskId, at: e.at,
        subject: `Новая задача: ${name}${about(e.subjectPerson)}`,
        body: `Вам поставлена задача «${name}» (процесс «${e.processName}»).${e.subjectPerson?.fullName ? ` Чей маршрут: ${about(e.subjectPerson).slice(3)}.` : ''}`
          + `${e.dueAt ? ` Срок: ${formatDue(e.dueAt, tenant.timeZone)}.` : ''}`,
        data: { processKey: e.processKey, elementId: e.elementId, dueAt: e.dueAt?.toISOString() ?? null, subject: e.subjectPerson ? { ...e.subjectPerson } : null },
      }, e.assignee ? [] : e.candidatePairs);
      if (e.dueAt) {
        const remindAt = new Date(e.dueAt.getTime() - 86_400_000); // REMINDER_BEFORE
        if (remindAt > e.at) {
          defer(
            `INSERT INTO job (id, tenant_id, kind, instance_id, element_id, due_at, payload, retries)
             VALUES ($1::uuid, $2::uuid, $3::text, $4::uuid, $5::text, $6::timestamptz, $7::jsonb, 3)`,
            [randomUUID(), e.tenantId, TASK_REMINDER_JOB, e.instanceId, e.elementId, remindAt, { taskId: e.taskId }],
          );
          this.jobs.wake(remindAt);
        }
      }
    } else if (e.type === 'taskAssigned') {
      const tenant = await this.tenants.get(e.tenantId, tx);
      const name = e.name ?? e.elementId;
      this.notifications.deferNotify(defer, {
        tenantId: e.tenantId, userIds: [e.assignee], kind: 'task-assigned', instanceId: e.instanceId, taskId: e.taskId, at: e.at,
        subject: `Вам передана задача: ${name}${about(e.subjectPerson)}`,
        body: `Вам передана задача «${name}» (процесс «${e.processName}»).${e.subjectPerson?.fullName ? ` Чей маршрут: ${about(e.subjectPerson).slice(3)}.` : ''}`
          + `${e.comment ? ` Комментарий: ${e.comment}` : ''}${e.dueAt ? ` Срок: ${formatDue(e.dueAt, tenant.timeZone)}.` : ''}`,
        data: { processKey: e.processKey, elementId: e.elementId, from: e.from, by: e.by, comment: e.comment, subject: e.subjectPerson ? { ...e.subjectPerson } : null },
      }, []);
    } else if (e.type === 'taskEnded') {
      defer(`DELETE FROM job WHERE instance_id = $1::uuid AND kind = $2::text AND payload->>'taskId' = $3::text AND state = 'ready'`, [e.instanceId, TASK_REMINDER_JOB, e.taskId]);
    } else if (e.type === 'notificationRequested') {
      const tenant = await this.tenants.get(e.tenantId, tx);
      const levels = new Map([...tenant.roles.values()].map((r) => [r.key, r.level]));
      const users = [
        ...(await this.notifications.userIds(tx, e.tenantId, e.users)),
        ...(await this.notifications.holdersForOrg(tx, e.orgId, e.roles, levels)),
      ];
      await this.notifications.notify(tx, {
        tenantId: e.tenantId, userIds: users, kind: 'process-notification', instanceId: e.instanceId, at: e.at,
        subject: e.subject, body: e.body, data: { elementId: e.elementId, ...e.data },
      });
    }
  }

  /** The reminder job: tells the task's assignee (or its candidates) that it falls due soon. */
  private async remind(job: JobRow, tx: EntityManager): Promise<void> {
    const taskId = String(job.payload.taskId ?? '');
    const [task] = await tx.query(
      `SELECT t.id, t.tenant_id, t.instance_id, t.name, t.element_id, t.process_key, t.assignee, t.candidate_users, t.due_at, tn.time_zone,
         su.full_name AS subject_name, so.name AS subject_org_name, COALESCE(pd.name, t.process_key) AS process_name
       FROM user_task t JOIN tenant tn ON tn.id = t.tenant_id JOIN process_definition pd ON pd.id = t.definition_id
         LEFT JOIN app_user su ON su.id = t.subject_id
         LEFT JOIN organization so ON so.id = t.subject_org_id WHERE t.id = $1`,
      [taskId],
    );
    if (!task || !task.due_at) return; // completed or cancelled meanwhile
    // Late (the server was down at the reminder's time, or the deadline moved earlier): the task is
    // already overdue, so "falls due soon" would be false — the overdue alert and digest speak now.
    if (new Date(task.due_at).getTime() <= (await this.clock.read(task.tenant_id, tx)).getTime()) return;
    let users: string[] = task.assignee ? [task.assignee] : task.candidate_users ?? [];
    if (!task.assignee) {
      const pairs: RolePair[] = await tx.query(`SELECT role, org_id AS "orgId" FROM task_candidate WHERE task_id = $1`, [taskId]);
      users = [...users, ...(await this.notifications.holdersOf(tx, pairs))];
    }
    const name = task.name ?? task.element_id;
    await this.notifications.notify(tx, {
      tenantId: task.tenant_id, userIds: users, kind: 'task-due-soon', instanceId: task.instance_id, taskId, at: job.due_at,
      subject: `Срок задачи истекает: ${name}${about({ fullName: task.subject_name, orgName: task.subject_org_name })}`,
      body: `Срок задачи «${name}» (процесс «${task.process_name}») истекает ${formatDue(new Date(task.due_at), task.time_zone)}.`
        + `${task.subject_name ? ` Чей маршрут: ${about({ fullName: task.subject_name, orgName: task.subject_org_name }).slice(3)}.` : ''}`,
      data: { processKey: task.process_key, elementId: task.element_id, dueAt: new Date(task.due_at).toISOString() },
    });
  }
}
