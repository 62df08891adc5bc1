import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../identity/auth-user.types.js';
import { PersonalDataService } from '../../identity/personal-data.service.js';
import { loadProfileFields } from '../../identity/profile-fields.js';
import { loadReferenceLists, optionsByKey, valuesKeysOf } from '../forms/reference-lists.js';
import { DefinitionCacheService } from '../definitions/definition-cache.service.js';
import { FormStore } from '../forms/form.store.js';
import { TaskAccessService } from './task-access.service.js';
import { CallerScopeService } from '../tenancy/caller-scope.service.js';

/** One earlier step of the route, as its form showed it. */
export interface PreviousStep {
  taskId: string;
  instanceId: string;
  elementId: string;
  name: string | null;
  processName: string | null;
  completedAt: string;
  completedBy: { id: string; fullName: string } | null;
  /** The form-js schema of the step (the version deployed with its process), or null. */
  form: object | null;
  /** What was submitted; for steps completed before submissions were kept, the instance's variables now. */
  values: Record<string, unknown>;
  valuesFrom: 'submitted' | 'instance';
}

/** The person the route is about, as the task's holder may see them. */
export interface SubjectCard {
  id: string;
  fullName: string;
  orgName: string | null;
  /** The profile fields the tenant's variants declare (and do not mark `private`), with their names, in declaration order. */
  profile: { key: string; name: string; type: string; value: unknown }[];
}

/**
 * What came before a task: the completed user tasks of its route (the root instance and every
 * instance it called), oldest first, each with its form and the values submitted, and the card of
 * the route's subject. Authorised like the task itself; reading the card is logged as a
 * personal-data access. The same steps of an instance (`GET /api/process-instances/:id/steps`)
 * for those who may see it (supervisors read what was filled in, not the raw variables).
 */
@Injectable()
export class TaskRouteService {
  constructor(
    @Inject(FormStore) private readonly formStore: FormStore,
    private readonly ds: DataSource,
    @Inject(TaskAccessService) private readonly tasks: TaskAccessService,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
    @Inject(PersonalDataService) private readonly personal: PersonalDataService,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
  ) {}

  async previousSteps(user: AuthUser, taskId: string, origin: { endpoint: string; ip: string | null }): Promise<{ subject: SubjectCard | null; steps: PreviousStep[] }> {
    const t = await this.tasks.access(user, taskId);
    return { subject: await this.subjectCard(user, t.instance_id, t.tenant_id, origin), steps: await this.routeSteps(t.instance_id, t.tenant_id) };
  }

  /** The completed steps of the route an instance belongs to, oldest first; 404 unless the caller may see the instance. */
  async instanceSteps(user: AuthUser, instanceId: string): Promise<{ steps: PreviousStep[] }> {
    const { tenantId } = await this.scope.assertInstanceVisible(user, instanceId);
    return { steps: await this.routeSteps(instanceId, tenantId) };
  }

  /** The completed user tasks of the route of `instanceId` (its root and every instance called), with forms and values. */
  private async routeSteps(instanceId: string, tenantId: string): Promise<PreviousStep[]> {
    const rows: {
      instance_id: string; definition_id: string; process_name: string | null; at: Date; element_id: string; task_id: string;
      user_id: string | null; full_name: string | null; name: string | null; submitted: Record<string, unknown> | null;
      variables: Record<string, unknown> | null;
    }[] = await this.ds.query(
      `WITH RECURSIVE root AS (SELECT root_instance_id AS id FROM process_instance WHERE id = $1 AND tenant_id = $2),
         route AS (SELECT pi.id, pi.definition_id, pi.variables FROM process_instance pi JOIN root ON pi.id = root.id
                   UNION ALL
                   SELECT c.id, c.definition_id, c.variables FROM process_instance c JOIN route r ON c.parent_instance_id = r.id)
       SELECT h.instance_id, r.definition_id, pd.name AS process_name, h.at, h.element_id, h.data->>'taskId' AS task_id, h.user_id,
         u.full_name, r.variables,
         (SELECT c.element_name FROM history_event c WHERE c.type = 'taskCreated' AND c.data->>'taskId' = h.data->>'taskId' AND c.tenant_id = $2 LIMIT 1) AS name,
         (SELECT s.data->'variables' FROM history_event s WHERE s.instance_id = h.instance_id AND s.type = 'taskSubmitted'
            AND s.data->>'taskId' = h.data->>'taskId' LIMIT 1) AS submitted
       FROM route r JOIN history_event h ON h.instance_id = r.id AND h.type = 'taskCompleted'
         JOIN process_definition pd ON pd.id = r.definition_id LEFT JOIN app_user u ON u.id = h.user_id
       ORDER BY h.at, h.id`,
      [instanceId, tenantId],
    );
    const lists = await loadReferenceLists(this.ds, tenantId);
    const listOptions = optionsByKey(lists);
    const steps: PreviousStep[] = [];
    for (const r of rows) {
      const def = await this.definitions.get(this.ds.manager, r.definition_id);
      const formId = def.model.elements[r.element_id]?.userTask?.formId;
      const form = formId ? await this.formStore.formForDefinition(tenantId, formId, r.definition_id) : null;
      // options of the form's reference lists travel with the values, as on the task itself
      const options = Object.fromEntries(valuesKeysOf(form).filter((k) => listOptions[k]).map((k) => [k, listOptions[k]]));
      steps.push({
        taskId: r.task_id,
        instanceId: r.instance_id,
        elementId: r.element_id,
        name: r.name,
        processName: r.process_name,
        completedAt: new Date(r.at).toISOString(),
        completedBy: r.user_id ? { id: r.user_id, fullName: r.full_name ?? '' } : null,
        form,
        values: { ...(r.submitted ?? r.variables ?? {}), ...options },
        valuesFrom: r.submitted ? 'submitted' : 'instance',
      });
    }
    return steps;
  }

  /** The subject of the instance (its `subject_id` when the instance has one, else its starter); the read is logged. */
  private async subjectCard(user: AuthUser, instanceId: string, tenantId: string, origin: { endpoint: string; ip: string | null }): Promise<SubjectCard | null> {
    const [s] = await this.ds.query(
      `SELECT u.id, u.full_name AS "fullName", u.profile,
         (SELECT o.name FROM membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = u.id
            ORDER BY (m.org_id = pi.org_id) DESC, o.path DESC LIMIT 1) AS "orgName"
       FROM process_instance pi JOIN app_user u ON u.id = COALESCE((to_jsonb(pi)->>'subject_id')::uuid, pi.started_by) AND u.tenant_id = pi.tenant_id
       WHERE pi.id = $1 AND pi.tenant_id = $2`,
      [instanceId, tenantId],
    );
    if (!s) return null;
    const declared = (await loadProfileFields(this.ds, tenantId)).filter((f) => !f.private);
    const profile = (s.profile ?? {}) as Record<string, unknown>;
    await this.personal.record(user, s.id, tenantId, origin.endpoint, origin.ip);
    return {
      id: s.id,
      fullName: s.fullName,
      orgName: s.orgName ?? null,
      profile: declared.filter((f) => profile[f.key] !== undefined && profile[f.key] !== null && profile[f.key] !== '')
        .map((f) => ({ key: f.key, name: f.name, type: f.type, value: profile[f.key] })),
    };
  }
}
