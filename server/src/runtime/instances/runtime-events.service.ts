import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { SubjectRow } from './subject.store.js';
import type { RolePair } from '../../identity/role-pair.js';

/** What the runtime tells listeners, inside the command's transaction. */
export type RuntimeEvent =
  | {
      type: 'taskCreated';
      tenantId: string;
      taskId: string;
      instanceId: string;
      processKey: string;
      /** the process's name (its key when the diagram names none), for people */
      processName: string;
      elementId: string;
      name: string | null;
      orgId: string | null;
      assignee: string | null;
      candidateUsers: string[];
      candidatePairs: RolePair[];
      dueAt: Date | null;
      at: Date;
      /** Who the task is about (the instance's subject, or the task's own). */
      subjectPerson: SubjectRow | null;
    }
  | {
      /** An administrator or supervisor gave the task to `assignee` (reassign). */
      type: 'taskAssigned';
      tenantId: string;
      taskId: string;
      instanceId: string;
      processKey: string;
      /** the process's name (its key when the diagram names none), for people */
      processName: string;
      elementId: string;
      name: string | null;
      assignee: string;
      from: string | null;
      by: string;
      comment: string | null;
      dueAt: Date | null;
      at: Date;
      subjectPerson: SubjectRow | null;
    }
  | { type: 'taskEnded'; tenantId: string; taskId: string; instanceId: string; outcome: 'completed' | 'cancelled'; at: Date }
  | { type: 'instanceEnded'; tenantId: string; instanceId: string; processKey: string; outcome: string; at: Date }
  | {
      type: 'notificationRequested';
      tenantId: string;
      instanceId: string;
      orgId: string | null;
      elementId: string;
      roles: string[];
      users: string[];
      subject: string;
      body: string;
      data: JsonObject;
      at: Date;
    };

/**
 * Adds a statement to the command's single write (see `WriteSet.defer`): no round trip of its own.
 * `$1…$n` refer to `params`; `select` for a SELECT that must run (e.g. `pg_notify`).
 */
export type DeferWrite = (sql: string, params: unknown[], select?: boolean) => void;

/**
 * A listener runs in the same transaction as the command: what it writes commits with it or not
 * at all. Writes that need no answer should go through `defer`, which adds no round trip.
 */
export type RuntimeListener = (tx: EntityManager, event: RuntimeEvent, defer: DeferWrite) => Promise<void>;

/**
 * Lets other modules (notifications, supervision) react to what the engine does, inside the
 * command's transaction — e.g. an outbox row for an e-mail is written only if the task really
 * was created.
 */
@Injectable()
export class RuntimeEventsService {
  private readonly listeners: RuntimeListener[] = [];

  register(listener: RuntimeListener): void {
    this.listeners.push(listener);
  }

  async emit(tx: EntityManager, event: RuntimeEvent, defer: DeferWrite): Promise<void> {
    for (const l of this.listeners) await l(tx, event, defer);
  }
}
