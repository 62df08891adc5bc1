import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { InstanceState } from '../../engine/execution/state.types.js';
import type { LoadedDefinition } from '../definitions/definition-cache.service.js';
import type { TenantContext } from '../tenancy/tenant-context.service.js';
import type { RuntimeEvent } from './runtime-events.service.js';
import type { InstanceSubject, SubjectRow } from './subject.store.js';
import type { WriteSet } from './write-set.js';

/** A process instance loaded and locked in this unit of work. */
export interface LoadedInstance {
  id: string;
  tenantId: string;
  definition: LoadedDefinition;
  orgId: string | null;
  rootInstanceId: string;
  parentInstanceId: string | null;
  state: InstanceState;
  isNew: boolean;
  dirty: boolean;
  ended?: { outcome: string; at: Date; variables: JsonObject };
  startedBy: string | null;
  /** Who the instance is about (null: nobody, e.g. a cycle started by a timer for an organisation). */
  subject: SubjectRow | null;
}

/** Where a new instance comes from. */
export interface StartMeta {
  /** The instance's organisation; absent: the subject's, else (no parent) the tenant's root. */
  orgId: string | null;
  startedBy: string | null;
  /**
   * Who the instance is about: already loaded (the start command checked it), or null for nobody.
   * Absent: `subjectId` is loaded, else the starter is the subject.
   */
  subject?: InstanceSubject | null;
  subjectId?: string;
  parentInstanceId?: string;
  parentExecutionId?: string;
}

/**
 * What the writers of a command's effects (`effect-rows.ts`, `user-task-rows.ts`,
 * `instance-subjects.ts`) need of the unit of work: its transaction, tenant, instant and caller,
 * the write set, the wake-ups, runtime events and extra history rows.
 */
export interface EffectSink {
  readonly tx: EntityManager;
  readonly tenant: TenantContext;
  readonly now: Date;
  readonly userId: string | null;
  readonly writes: WriteSet;
  readonly wakeups: Date[];
  emit(event: RuntimeEvent): Promise<void>;
  /** A history row the engine did not emit (what this layer decided or could not do). */
  pushRaw(instanceId: string, type: string, elementId: string | null, data: JsonObject): void;
}
