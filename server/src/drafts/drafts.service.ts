import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DefinitionCacheService } from '../runtime/definitions/definition-cache.service.js';
import { DefinitionStore } from '../runtime/definitions/definition.store.js';
import { formTitle } from './form-title.js';
import { isDraftName, kindOfName } from './draft-name.js';
import type { DraftKind, DraftView } from './draft.dto.js';
import { msg } from '../common/messages/message-catalogue.js';

/** A user task that shows a form: its process and its name. */
export interface FormUse {
  processKey: string;
  processName: string | null;
  elementId: string;
  taskName: string | null;
}

const COLUMNS = `d.name, d.kind, d.updated_at AS "updatedAt", u.username AS "updatedBy", a.username AS "createdBy"`;
const FROM = `draft d LEFT JOIN app_user u ON u.id = d.updated_by LEFT JOIN app_user a ON a.id = d.created_by`;

/**
 * Drafts of a tenant's designer files: saved as they are (a draft may be unfinished or invalid),
 * checked only when deployed. One row per tenant and file name; saving again replaces it.
 */
@Injectable()
export class DraftsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(DefinitionStore) private readonly definitions: DefinitionStore,
    @Inject(DefinitionCacheService) private readonly definitionCache: DefinitionCacheService,
  ) {}

  async list(tenantId: string): Promise<DraftView[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.tenant_id = $1 ORDER BY d.kind, d.name`,
      [tenantId],
    );
  }

  async get(tenantId: string, name: string): Promise<DraftView> {
    const [row] = await this.ds.query(
      `SELECT ${COLUMNS}, d.content FROM ${FROM} WHERE d.tenant_id = $1 AND d.name = $2`,
      [tenantId, name],
    );
    if (!row) throw new NotFoundException(msg('draft.notFound', { name }));
    return row;
  }

  async save(tenantId: string, name: string, content: string, kind: DraftKind | undefined, userId: string | null): Promise<DraftView> {
    if (!isDraftName(name)) throw new BadRequestException(msg('draft.badName', { name }));
    const implied = kindOfName(name);
    const k = kind ?? implied;
    if (!k) throw new BadRequestException(msg('draft.unknownKind', { name }));
    if (implied && kind && implied !== kind) throw new BadRequestException(msg('draft.kindMismatch', { name, implied, kind }));
    await this.ds.query(
      `INSERT INTO draft (tenant_id, name, kind, content, updated_by, created_by) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (tenant_id, name) DO UPDATE SET kind = EXCLUDED.kind, content = EXCLUDED.content,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, name, k, content, userId],
    );
    return this.get(tenantId, name);
  }

  async remove(tenantId: string, name: string): Promise<void> {
    const rows = await this.ds.query(`DELETE FROM draft WHERE tenant_id = $1 AND name = $2 RETURNING id`, [tenantId, name]);
    if (!rows.length) throw new NotFoundException(msg('draft.notFound', { name }));
  }

  /**
   * A BPMN draft with the form drafts its user tasks refer to (`forms/<formId>.form`), as
   * deployment resources.
   */
  async bundle(tenantId: string, name: string): Promise<{ name: string; content: string }[]> {
    const draft = await this.get(tenantId, name);
    if (draft.kind !== 'bpmn') throw new BadRequestException(msg('draft.notBpmn', { name }));
    const formIds = [...(draft.content ?? '').matchAll(/<zeebe:formDefinition\b[^>]*\bformId="([^"=][^"]*)"/g)].map((m) => m[1]);
    const forms: { name: string; content: string }[] = formIds.length
      ? await this.ds.query(`SELECT name, content FROM draft WHERE tenant_id = $1 AND kind = 'form' AND name = ANY($2::text[])`,
        [tenantId, [...new Set(formIds)].map((id) => `forms/${id}.form`)])
      : [];
    return [{ name: name.split('/').pop()!, content: draft.content ?? '' }, ...forms];
  }

  /** The latest version of each variant file of the tenant, with its roles and levels. */
  async variants(tenantId: string): Promise<unknown[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (v.key) v.id, v.key, v.version, v.content->>'name' AS name, v.content->'levels' AS levels, v.content->'levelNames' AS "levelNames",
         v.content->'roles' AS roles, v.content->'processes' AS processes, v.content, v.created_at AS "createdAt"
       FROM variant v WHERE v.tenant_id = $1 ORDER BY v.key, v.version DESC`,
      [tenantId],
    );
  }

  /**
   * The latest version of each form of the tenant, with its title (the form's first heading) and
   * the user tasks of the latest process versions that show it (`usedBy`), so that lists name
   * forms as administrators know them rather than by id.
   */
  async forms(tenantId: string): Promise<unknown[]> {
    const forms: { formId: string; schema: object }[] = await this.formRows(tenantId);
    const usedBy = await this.formUsage(tenantId);
    return forms.map((f) => ({ ...f, title: formTitle(f.schema), usedBy: usedBy.get(f.formId) ?? [] }));
  }

  /** Form id → the user tasks of the latest version of each process that show it. */
  private async formUsage(tenantId: string): Promise<Map<string, FormUse[]>> {
    const out = new Map<string, FormUse[]>();
    for (const d of await this.definitions.definitions(tenantId, null, true)) {
      const def = await this.definitionCache.get(this.ds.manager, d.id as string).catch(() => null);
      if (!def) continue;
      for (const el of Object.values(def.model.elements)) {
        const formId = el.userTask?.formId;
        if (!formId || formId.startsWith('=')) continue;
        const list = out.get(formId) ?? [];
        list.push({ processKey: def.key, processName: def.name, elementId: el.id, taskName: el.name ?? null });
        out.set(formId, list);
      }
    }
    return out;
  }

  private async formRows(tenantId: string): Promise<{ formId: string; schema: object }[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (f.form_id) f.id, f.form_id AS "formId", f.version, f.resource_name AS "resourceName", f.schema,
         f.created_at AS "createdAt"
       FROM form_definition f WHERE f.tenant_id = $1 ORDER BY f.form_id, f.version DESC`,
      [tenantId],
    );
  }
}
