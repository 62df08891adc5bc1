import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/execution/json.types.js';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { msg } from '../../common/messages/message-catalogue.js';
import { dateInZone, formErrorBody, refusesPassedDates, validateSubmission } from '../forms/form-validator.js';
import { FormStore } from '../forms/form.store.js';
import { loadReferenceLists, optionsByKey, valuesKeysOf } from '../forms/reference-lists.js';
import { EngineService } from '../instances/engine.service.js';
import { InstanceStore } from '../instances/instance.store.js';
import { TaskAccessService } from '../instances/task-access.service.js';
import { accessColumns } from '../instances/task.store.js';
import type { TaskAccessRow } from '../instances/task.store.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link CompleteUserTaskCommand}. */
export interface CompleteUserTaskInput {
  user: AuthUser;
  taskId: string;
  /** The submitted values: a JSON object (400 otherwise). */
  variables: unknown;
  /** The engine instant of the completion (demo data dated in the past); default: now. */
  at?: Date;
}

/**
 * Completes a task with variables (`POST /api/tasks/:id/complete`): the caller must be its
 * assignee, or a candidate while it is unclaimed; the form (the version deployed with the process)
 * is validated first (400 naming the fields); the instance is locked, so of two completions at once
 * exactly one succeeds and the other gets 409.
 */
@Injectable()
export class CompleteUserTaskCommand implements RuntimeCommand<CompleteUserTaskInput, { id: string; completed: true }> {
  constructor(
    @Inject(FormStore) private readonly formStore: FormStore,
    @Inject(EngineService) private readonly engine: EngineService,
    @Inject(TaskAccessService) private readonly tasks: TaskAccessService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(TenantContextService) private readonly contexts: TenantContextService,
    @Inject(InstanceStore) private readonly instanceStore: InstanceStore,
  ) {}

  async execute({ user, taskId, variables, at }: CompleteUserTaskInput): Promise<{ id: string; completed: true }> {
    if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) {
      throw new BadRequestException({ message: msg('task.variablesNotObject'), fields: { variables: [msg('task.mustBeObject')] } });
    }
    const vars = (variables ?? {}) as JsonObject;
    // a caller of no tenant holds no task: 404 before any transaction
    if (user.isSuperadmin || !user.tenantId) await this.tasks.access(user, taskId);
    await this.engine.run(user.tenantId!, user.id, async (uow) => {
      // One round trip: lock the root instance the task waits in and read whether the caller may do it.
      let t = (await uow.lockTask(taskId, accessColumns(user.id, this.scope.rolePairs(user), 3))) as TaskAccessRow | undefined;
      if (t) {
        if (t.assignee !== user.id && !t.is_candidate) throw new NotFoundException(msg('task.notFound', { id: taskId }));
      } else {
        // ended (404, or 409 to who may see its instance), or in a called instance: check, then lock root first
        t = await this.tasks.access(user, taskId, uow.tx);
        const { task } = await uow.lock(t.instance_id, taskId);
        if (!task?.open) throw new ConflictException(msg('task.noLongerOpen', { id: taskId }));
        t = { ...t, assignee: task.assignee };
      }
      if (t.assignee && t.assignee !== user.id) throw new ConflictException(msg('task.claimedByOther'));
      await this.validateForm(t, vars, uow.tx, uow.now);
      await uow.execute(t.instance_id, { type: 'completeUserTask', taskId, variables: vars });
    }, { at });
    return { id: taskId, completed: true };
  }

  /** The submission against the task's form (400 naming the fields); reads in the command's transaction. */
  private async validateForm(t: TaskAccessRow, vars: JsonObject, tx: EntityManager, now: Date): Promise<void> {
    if (!t.form_id) return;
    const schema = await this.formStore.formForDefinition(t.tenant_id, t.form_id, t.definition_id, tx);
    if (!schema) return;
    const keys = valuesKeysOf(schema);
    const options = keys.length ? optionsByKey(await loadReferenceLists(tx, t.tenant_id)) : {};
    // the form's conditions and FEEL limits see what the form was opened with
    const opened = t.input ?? {};
    // a `valuesKey` that names no reference list names a variable the form was opened with (the task's
    // input, else the instance's), e.g. the people a declaration listed at the start: only its values pass
    const fromVariables = keys.filter((k) => !options[k]);
    if (fromVariables.length) {
      const instanceVars = await this.instanceStore.variablesNamed(t.instance_id, fromVariables, tx);
      for (const k of fromVariables) {
        const list = (opened as Record<string, unknown>)[k] ?? instanceVars[k];
        if (Array.isArray(list) && list.every((x) => x !== null && typeof x === 'object' && 'value' in x)) options[k] = list as { value: string; label: string }[];
      }
    }
    // «no passed dates» is judged by the tenant's today (the command's engine time, its zone), as its people see the calendar
    const today = refusesPassedDates(schema as never) ? dateInZone(now, (await this.contexts.get(t.tenant_id, tx)).timeZone) : undefined;
    const fields = validateSubmission(schema as never, vars, options, opened as JsonObject, today);
    if (Object.keys(fields).length) throw new BadRequestException(formErrorBody(fields));
  }
}
