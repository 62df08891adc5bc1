import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../../time/clock.service.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { evaluateFeel, isFeel, feelBody } from '../../engine/feel/feel-evaluator.js';
import { JSON_MAX_DEPTH, jsonDepth } from '../../common/input-limits.js';
import type { WorkingCalendar } from '../../engine/feel/feel-evaluator.js';
import { compileBpmn } from '../../engine/model/compile-bpmn.js';
import type { Problem, ProcessModel, StartEventInfo } from '../../engine/model/process-model.types.js';
import { inRussian } from './deploy-problems.js';
import { nextTimerFiring } from '../../engine/timers/timer-spec.js';
import { JobExecutorService } from '../../jobs/job-executor.service.js';
import { CalendarService } from '../tenancy/calendar.service.js';
import { TenantContextService } from '../tenancy/tenant-context.service.js';
import { DefinitionCacheService } from './definition-cache.service.js';
import { documentTemplateName, validateDocumentTemplate } from './document-template.js';
import { SYSTEM_ROLES, uncaughtRaisable, validateForm, validateVariant } from './variant-file.js';
import { msg } from '../../common/messages/message-catalogue.js';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { checkSchedules, sampleData } from './schedule-check.js';
import type { DeployProblem } from './schedule-check.js';
import type { VariantFile } from './variant-file.js';

/** One file of a deployment. */
export interface DeploymentResource {
  name: string;
  content: string;
}

/** What a deployment created (or found unchanged). */
export interface DeploymentResult {
  id: string;
  processDefinitions: { id: string; key: string; version: number; name: string | null; isNew: boolean }[];
  forms: { id: string; formId: string; version: number; isNew: boolean }[];
  variant?: { id: string; key: string; version: number; isNew: boolean };
  /** Document templates (`documents/*.json`) stored or replaced by this deployment. */
  documentTemplates?: { name: string; isNew: boolean }[];
}

/** What a dry run answers: nothing stored; the warnings, and per process what a deployment would do to it. */
export interface DryRunResult {
  dryRun: true;
  problems: [];
  warnings: DeployProblem[];
  processes: {
    key: string;
    name: string | null;
    /** false: the content equals the latest version, no new version would be made */
    changed: boolean;
    /** the running (latest) version and its id; null for a new process */
    currentVersion: number | null;
    currentDefinitionId: string | null;
    nextVersion: number;
    /** instances still running on earlier versions: they continue on them */
    runningInstances: number;
  }[];
}

/** How a deployment is asked for: `dryRun` checks everything and stores nothing; samples feed the checks. */
export interface DeployOptions {
  dryRun?: boolean;
  sampleVariables?: JsonObject;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');


/**
 * Deploys a bundle of BPMN diagrams, form-js forms and a variant file as one command: everything
 * is validated first (every problem of every resource is reported, none partially stored), then
 * new versions are written in one transaction. Unchanged content makes no new version. The
 * newest version of a process owns its start events: message/signal start subscriptions and
 * timer-start jobs move to it.
 */
@Injectable()
export class DeployCommand {
  constructor(
    private readonly ds: DataSource,
    @Inject(DefinitionCacheService) private readonly definitions: DefinitionCacheService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(ClockService) private readonly clock: ClockService,
    @Inject(JobExecutorService) private readonly jobs: JobExecutorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(tenantId: string, name: string, resources: DeploymentResource[], userId: string | null, options: DeployOptions & { dryRun: true }): Promise<DryRunResult>;
  async execute(tenantId: string, name: string, resources: DeploymentResource[], userId: string | null, options?: DeployOptions): Promise<DeploymentResult>;
  async execute(tenantId: string, name: string, resources: DeploymentResource[], userId: string | null, options: DeployOptions = {}): Promise<DeploymentResult | DryRunResult> {
    const problems: (Problem | DeployProblem)[] = [];
    const warnings: DeployProblem[] = [];
    if (!Array.isArray(resources) || !resources.length) throw new BadRequestException({ message: msg('deploy.noResources'), problems: [] });
    const seenNames = new Set<string>();
    const processes: { model: ProcessModel; xml: string; resource: string }[] = [];
    const forms: { formId: string; schema: object; content: string; resource: string }[] = [];
    let variant: { file: VariantFile; content: string; resource: string } | undefined;
    const templates: { name: string; json: object; content: string }[] = [];

    for (const r of resources) {
      if (!r || typeof r.name !== 'string' || typeof r.content !== 'string') {
        problems.push({ resource: String(r?.name ?? '?'), message: msg('deploy.resourceShape') });
        continue;
      }
      if (seenNames.has(r.name)) problems.push({ resource: r.name, message: msg('deploy.nameTwice') });
      seenNames.add(r.name);
      if (r.name.endsWith('.bpmn') || r.name.endsWith('.bpmn20.xml')) {
        const compiled = await compileBpmn(r.content, r.name, { feelLimits: this.config.feelLimits });
        problems.push(...compiled.problems.map((p) => inRussian(p, compiled.processes)));
        if (!compiled.problems.length) {
          if (!compiled.processes.length) problems.push({ resource: r.name, message: msg('deploy.noProcess') });
          // Non-executable processes (isExecutable="false") are stored as definitions too, but cannot be started.
          for (const model of compiled.processes) processes.push({ model, xml: r.content, resource: r.name });
        }
      } else if (r.name.endsWith('.form')) {
        let schema: unknown;
        if (jsonDepth(r.content) > JSON_MAX_DEPTH) {
          problems.push({ resource: r.name, message: msg('deploy.jsonTooDeep', { limit: JSON_MAX_DEPTH }) });
          continue;
        }
        try {
          schema = JSON.parse(r.content);
        } catch (e) {
          problems.push({ resource: r.name, message: msg('deploy.notJson', { detail: (e as Error).message }) });
          continue;
        }
        const fp = validateForm(schema);
        problems.push(...fp.map((message) => ({ resource: r.name, message })));
        if (!fp.length) forms.push({ formId: (schema as { id: string }).id, schema: schema as object, content: r.content, resource: r.name });
      } else if (r.name === 'variant.json' || r.name.endsWith('/variant.json')) {
        let file: unknown;
        if (jsonDepth(r.content) > JSON_MAX_DEPTH) {
          problems.push({ resource: r.name, message: msg('deploy.jsonTooDeep', { limit: JSON_MAX_DEPTH }) });
          continue;
        }
        try {
          file = JSON.parse(r.content);
        } catch (e) {
          problems.push({ resource: r.name, message: msg('deploy.notJson', { detail: (e as Error).message }) });
          continue;
        }
        const vp = validateVariant(file, this.calendars.names());
        problems.push(...vp.map((message) => ({ resource: r.name, message })));
        if (!vp.length) variant = { file: file as VariantFile, content: r.content, resource: r.name };
      } else if (documentTemplateName(r.name)) {
        let json: unknown;
        if (jsonDepth(r.content) > JSON_MAX_DEPTH) {
          problems.push({ resource: r.name, message: msg('deploy.jsonTooDeep', { limit: JSON_MAX_DEPTH }) });
          continue;
        }
        try {
          json = JSON.parse(r.content);
        } catch (e) {
          problems.push({ resource: r.name, message: msg('deploy.notJson', { detail: (e as Error).message }) });
          continue;
        }
        const tp = validateDocumentTemplate(json);
        problems.push(...tp.map((message) => ({ resource: r.name, message })));
        if (!tp.length) templates.push({ name: documentTemplateName(r.name)!, json: json as object, content: r.content });
      } else {
        problems.push({ resource: r.name, message: msg('deploy.unknownKind') });
      }
    }

    // Keys must be unique within the bundle.
    const byKey = new Map<string, string>();
    for (const p of processes) {
      const other = byKey.get(p.model.key);
      if (other) problems.push({ resource: p.resource, elementId: p.model.key, message: msg('deploy.processTwice', { key: p.model.key, other }) });
      byKey.set(p.model.key, p.resource);
    }
    const formIds = new Set<string>();
    for (const f of forms) {
      if (formIds.has(f.formId)) problems.push({ resource: f.resource, message: msg('deploy.formTwice', { formId: f.formId }) });
      formIds.add(f.formId);
    }

    // References: forms and roles must exist in the bundle or already in the tenant.
    const tenant = await this.tenants.get(tenantId);
    const roleKeys = new Set<string>([...SYSTEM_ROLES, ...tenant.roles.keys(), ...(variant?.file.roles ?? []).map((r) => r.key)]);
    // the latest schema of every form: bundle first, then the tenant's (sample data comes from them)
    const formSchemas = new Map<string, { components?: never[] }>(
      (await this.ds.query(`SELECT DISTINCT ON (form_id) form_id, schema FROM form_definition WHERE tenant_id = $1 ORDER BY form_id, version DESC`, [tenantId]))
        .map((r: { form_id: string; schema: { components?: never[] } }) => [r.form_id, r.schema]),
    );
    for (const f of forms) formSchemas.set(f.formId, f.schema as { components?: never[] });
    const deployedKeys = new Set<string>(
      (await this.ds.query(`SELECT DISTINCT key FROM process_definition WHERE tenant_id = $1`, [tenantId])).map((r: { key: string }) => r.key),
    );
    const env = { now: this.clock.now(tenantId), timeZone: tenant.timeZone, calendar: tenant.calendar, feelLimits: this.config.feelLimits };
    for (const p of processes) {
      for (const el of Object.values(p.model.elements)) {
        const element = el.name || el.id;
        const called = el.called?.processId;
        if (called && !isFeel(called) && !byKey.has(called) && !deployedKeys.has(called)) {
          problems.push({ resource: p.resource, elementId: el.id, message: msg('deploy.calledProcessMissing', { element, key: called }) });
        }
        const ut = el.userTask;
        if (!ut) continue;
        if (ut.formId && !formSchemas.has(ut.formId)) {
          problems.push({ resource: p.resource, elementId: el.id, message: msg('deploy.formMissing', { element, formId: ut.formId }) });
        }
        if (ut.candidateGroups && !isFeel(ut.candidateGroups)) {
          for (const g of ut.candidateGroups.split(',').map((x) => x.trim()).filter(Boolean)) {
            if (!roleKeys.has(g)) problems.push({ resource: p.resource, elementId: el.id, message: msg('deploy.roleMissing', { element, role: g }) });
          }
        }
      }
      // what can be known before run time: due dates, follow-ups and timers on sample data, in the tenant's zone and calendar
      const samples = sampleData(p.model, formSchemas, options.sampleVariables ?? {}, env);
      const checked = checkSchedules(p.model, samples, env);
      problems.push(...checked.problems, ...this.timerStartProblems(p.model, tenant));
      warnings.push(...checked.warnings);
    }
    warnings.push(...(await this.uncaughtMessages(tenantId, processes.map((p) => p.model))));
    // Messages a variant lets participants raise must be caught by the process (the bundle's diagram, or the
    // deployed one when only the variant comes): checked whichever of the two is deployed last.
    const raisable = new Map<string, { messages: string[]; resource?: string }>();
    for (const [key, list] of tenant.raisable) raisable.set(key, { messages: list.map((r) => r.message) });
    for (const [key, p] of Object.entries(variant?.file.processes ?? {})) {
      if (p?.raisable) raisable.set(key, { messages: p.raisable.map((r) => r.message), resource: variant!.resource });
      else if (raisable.has(key)) raisable.delete(key);
    }
    for (const [key, rule] of raisable) {
      const inBundle = processes.find((p) => p.model.key === key);
      let model = inBundle?.model;
      if (!model && rule.resource) model = await this.definitions.latest(this.ds.manager, tenantId, key).then((d) => d.model, () => undefined);
      if (!model) continue;
      for (const m of uncaughtRaisable(model, rule.messages)) {
        problems.push({
          resource: rule.resource ?? inBundle!.resource,
          message: msg('deploy.raisableNotCaught', { key, message: m }),
        });
      }
    }
    if (problems.length) {
      throw new BadRequestException({ message: msg('deploy.refused', { n: problems.length }), problems, warnings });
    }
    if (options.dryRun) return this.dryRunResult(tenantId, processes, warnings);

    const result = await this.ds.transaction(async (tx) => {
      // One deploy at a time per tenant keeps version numbers gap-free and unique.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('deploy:' || $1))`, [tenantId]);
      const [dep] = await tx.query(`INSERT INTO deployment (tenant_id, name, deployed_by) VALUES ($1, $2, $3) RETURNING id`, [tenantId, name, userId]);
      for (const r of resources) {
        await tx.query(`INSERT INTO deployment_resource (deployment_id, name, content, content_hash) VALUES ($1, $2, $3, $4)`, [dep.id, r.name, r.content, sha(r.content)]);
      }
      const out: DeploymentResult = { id: dep.id, processDefinitions: [], forms: [] };
      if (variant) out.variant = await this.versioned(tx, 'variant', 'key', tenantId, variant.file.key, variant.content, dep.id, variant.file);
      if (templates.length) out.documentTemplates = [];
      for (const t of templates) {
        const [row] = await tx.query(
          `INSERT INTO document_template (tenant_id, name, content, content_hash, deployment_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, name) DO UPDATE SET content = EXCLUDED.content, content_hash = EXCLUDED.content_hash,
             deployment_id = EXCLUDED.deployment_id, created_at = now()
             WHERE document_template.content_hash <> EXCLUDED.content_hash
           RETURNING id`,
          [tenantId, t.name, t.json, sha(t.content), dep.id],
        );
        out.documentTemplates!.push({ name: t.name, isNew: !!row });
      }
      for (const f of forms) {
        const v = await this.versioned(tx, 'form_definition', 'form_id', tenantId, f.formId, f.content, dep.id, f.schema, f.resource);
        out.forms.push({ id: v.id, formId: f.formId, version: v.version, isNew: v.isNew });
      }
      for (const p of processes) {
        const hash = sha(`${p.model.key}\n${p.xml}`);
        const [latest] = await tx.query(
          `SELECT id, version, content_hash FROM process_definition WHERE tenant_id = $1 AND key = $2 ORDER BY version DESC LIMIT 1`,
          [tenantId, p.model.key],
        );
        if (latest && latest.content_hash === hash) {
          out.processDefinitions.push({ id: latest.id, key: p.model.key, version: latest.version, name: p.model.name ?? null, isNew: false });
          continue;
        }
        const version = (latest?.version ?? 0) + 1;
        const [row] = await tx.query(
          `INSERT INTO process_definition (tenant_id, key, version, name, deployment_id, resource_name, xml, content_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [tenantId, p.model.key, version, p.model.name ?? null, dep.id, p.resource, p.xml, hash],
        );
        await this.moveStartEvents(tx, tenantId, p.model, row.id);
        this.definitions.put({ id: row.id, tenantId, key: p.model.key, version, name: p.model.name ?? null, model: p.model });
        out.processDefinitions.push({ id: row.id, key: p.model.key, version, name: p.model.name ?? null, isNew: true });
      }
      return out;
    });
    this.tenants.invalidate(tenantId);
    this.definitions.forgetLatest(tenantId);
    return result;
  }

  /** Inserts a new version of a form or variant unless the latest has the same content. */
  private async versioned(
    tx: EntityManager, table: 'variant' | 'form_definition', keyCol: 'key' | 'form_id', tenantId: string, key: string,
    content: string, deploymentId: string, json: object, resource?: string,
  ): Promise<{ id: string; key: string; version: number; isNew: boolean }> {
    const hash = sha(content);
    const [latest] = await tx.query(
      `SELECT id, version, content_hash FROM ${table} WHERE tenant_id = $1 AND ${keyCol} = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, key],
    );
    if (latest && latest.content_hash === hash) return { id: latest.id, key, version: latest.version, isNew: false };
    const version = (latest?.version ?? 0) + 1;
    const [row] = table === 'variant'
      ? await tx.query(`INSERT INTO variant (tenant_id, key, version, deployment_id, content, content_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [tenantId, key, version, deploymentId, json, hash])
      : await tx.query(`INSERT INTO form_definition (tenant_id, form_id, version, deployment_id, resource_name, schema, content_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [tenantId, key, version, deploymentId, resource, json, hash]);
    return { id: row.id, key, version, isNew: true };
  }

  /** Messages the bundle throws that no process of the bundle or the tenant waits for: warnings (an outside system may). */
  private async uncaughtMessages(tenantId: string, models: ProcessModel[]): Promise<DeployProblem[]> {
    const all = models.flatMap((m) => Object.values(m.elements).map((el) => ({ m, el })));
    const caught = new Set(all.filter(({ el }) => el.event?.type === 'message' && ['startEvent', 'intermediateCatchEvent', 'boundaryEvent', 'receiveTask'].includes(el.kind))
      .map(({ el }) => (el.event as { message: { name: string } }).message.name));
    const out: DeployProblem[] = [];
    for (const { m, el } of all) {
      if (el.event?.type !== 'message' || el.action || !['intermediateThrowEvent', 'endEvent', 'sendTask'].includes(el.kind)) continue;
      const name = el.event.message.name;
      if (!name || isFeel(name) || caught.has(name)) continue;
      const [known] = await this.ds.query(
        `SELECT 1 FROM event_subscription WHERE tenant_id = $1 AND name = $2
         UNION ALL SELECT 1 FROM process_definition WHERE tenant_id = $1 AND NOT (key = ANY($3)) AND position($4 IN xml) > 0 LIMIT 1`,
        [tenantId, name, models.map((x) => x.key), `name="${name}"`],
      );
      if (!known) out.push({ resource: m.resource, elementId: el.id, message: msg('deploy.messageNotCaught', { element: el.name || el.id, name }) });
    }
    return out;
  }

  /** Timer starts are evaluated at deployment, without variables: one that gives no timer is a problem now. */
  private timerStartProblems(model: ProcessModel, tenant: { id?: string; timeZone: string; calendar: WorkingCalendar }): DeployProblem[] {
    const out: DeployProblem[] = [];
    for (const s of model.startEvents) {
      if (s.kind !== 'timer' || !isFeel(s.timer.value)) continue;
      const env = { now: this.clock.now(tenant.id), timeZone: tenant.timeZone, calendar: tenant.calendar, feelLimits: this.config.feelLimits };
      try {
        const value = String(evaluateFeel(feelBody(s.timer.value)!, {}, env));
        nextTimerFiring({ type: s.timer.type, value }, env.now, env.timeZone, env.calendar, 0);
      } catch (e) {
        const el = model.elements[s.elementId];
        const what = s.timer.type === 'date' ? 'deploy.what.timerDate' : s.timer.type === 'duration' ? 'deploy.what.timerDuration' : 'deploy.what.timerCycle';
        out.push({
          resource: model.resource,
          elementId: s.elementId,
          message: msg('deploy.elementValue', { element: el?.name || s.elementId, what: msg(what), value: s.timer.value, reason: msg('deploy.reason.failed', { detail: (e as Error).message }) }),
        });
      }
    }
    return out;
  }

  /** What a deployment would do to each process, stored nothing. */
  private async dryRunResult(tenantId: string, processes: { model: ProcessModel; xml: string }[], warnings: DeployProblem[]): Promise<DryRunResult> {
    const out: DryRunResult = { dryRun: true, problems: [], warnings, processes: [] };
    for (const p of processes) {
      const [latest] = await this.ds.query(
        `SELECT id, version, content_hash FROM process_definition WHERE tenant_id = $1 AND key = $2 ORDER BY version DESC LIMIT 1`,
        [tenantId, p.model.key],
      );
      const [running] = await this.ds.query(
        `SELECT count(*)::int AS n FROM process_instance WHERE tenant_id = $1 AND process_key = $2 AND state = 'active'`,
        [tenantId, p.model.key],
      );
      const changed = !latest || latest.content_hash !== sha(`${p.model.key}\n${p.xml}`);
      out.processes.push({
        key: p.model.key,
        name: p.model.name ?? null,
        changed,
        currentVersion: latest?.version ?? null,
        currentDefinitionId: latest?.id ?? null,
        nextVersion: changed ? (latest?.version ?? 0) + 1 : latest.version,
        runningInstances: running?.n ?? 0,
      });
    }
    return out;
  }

  /** The new version takes over the start events: old subscriptions and timer-start jobs go. */
  private async moveStartEvents(tx: EntityManager, tenantId: string, model: ProcessModel, definitionId: string): Promise<void> {
    const old = `SELECT id FROM process_definition WHERE tenant_id = $1 AND key = $2 AND id <> $3`;
    await tx.query(`DELETE FROM event_subscription WHERE definition_id IN (${old}) AND instance_id IS NULL`, [tenantId, model.key, definitionId]);
    await tx.query(`DELETE FROM job WHERE kind = 'timer-start' AND definition_id IN (${old})`, [tenantId, model.key, definitionId]);
    const tenant = await this.tenants.get(tenantId, tx);
    const now = await this.clock.read(tenantId, tx, tenant.ownClock);
    for (const s of model.startEvents as StartEventInfo[]) {
      if (s.kind === 'message' || s.kind === 'signal') {
        await tx.query(
          `INSERT INTO event_subscription (id, tenant_id, kind, name, definition_id, element_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [randomUUID(), tenantId, `${s.kind}-start`, s.kind === 'message' ? s.messageName : s.signalName, definitionId, s.elementId, now],
        );
      } else if (s.kind === 'timer') {
        // A timer start's value may be FEEL; it is evaluated once, here, without variables. A value
        // that does not evaluate to a timer refuses the deployment (the transaction rolls back).
        let timer: { type: typeof s.timer.type; value: string };
        let due: Date | null;
        try {
          const value = isFeel(s.timer.value)
            ? String(evaluateFeel(feelBody(s.timer.value)!, {}, { now, timeZone: tenant.timeZone, calendar: tenant.calendar, feelLimits: this.config.feelLimits }))
            : s.timer.value;
          timer = { type: s.timer.type, value };
          due = nextTimerFiring(timer, now, tenant.timeZone, tenant.calendar, 0);
        } catch (e) {
          throw new BadRequestException({
            message: 'развёртывание отклонено, проблем: 1 (the deployment was refused)',
            problems: [{ resource: model.resource, elementId: s.elementId, message: msg('deploy.timerStartInvalid', { value: s.timer.value, detail: (e as Error).message }) }],
          });
        }
        if (!due) continue;
        await tx.query(
          `INSERT INTO job (id, tenant_id, kind, definition_id, element_id, due_at, payload) VALUES ($1, $2, 'timer-start', $3, $4, $5, $6)`,
          [randomUUID(), tenantId, definitionId, s.elementId, due, { timer, startEventId: s.elementId, fired: 0 }],
        );
        this.jobs.wake(due);
      }
    }
  }
}
