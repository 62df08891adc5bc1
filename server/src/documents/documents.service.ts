import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClockService } from '../time/clock.service.js';
import type { JsonObject } from '../engine/execution/json.types.js';
import type { AuthUser } from '../identity/auth-user.types.js';
import { CallerScopeService } from '../runtime/tenancy/caller-scope.service.js';
import { subjectJson } from '../runtime/instances/subject.store.js';
import { labelsByList, loadReferenceLists } from '../runtime/forms/reference-lists.js';
import { TenantContextService } from '../runtime/tenancy/tenant-context.service.js';
import { renderDocx, renderPdf } from './document-render.js';
import { fillTemplate } from '../runtime/definitions/document-template.js';
import type { DocumentTemplate } from '../runtime/definitions/document-template.js';
import type { DocumentFormat } from './documents.dto.js';
import { msg } from '../common/messages/message-catalogue.js';


const SUBJECT = subjectJson('pi.subject_id', 'pi.subject_org_id', 's');

/** A document a variant declares (`variant.json` → `documents`). */
export interface DeclaredDocument {
  key: string;
  name: string;
  template: string;
  formats: DocumentFormat[];
  variant: string;
  /** Whether the template file was deployed (`documents/*.json` in a deployment). */
  templateDeployed: boolean;
}

/** A stored document (without its content). */
export interface StoredDocument {
  id: string;
  instanceId: string;
  key: string;
  format: DocumentFormat;
  size: number;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

export const CONTENT_TYPES: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

const STORED_COLUMNS = `d.id, d.instance_id AS "instanceId", d.key, d.format, octet_length(d.content) AS size, d.created_by AS "createdBy",
  u.full_name AS "createdByName", d.created_at AS "createdAt"`;

/** Documents made from an instance's variables with the variants' templates, kept with the instance. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(CallerScopeService) private readonly scope: CallerScopeService,
    @Inject(TenantContextService) private readonly tenants: TenantContextService,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  /** The documents the tenant's variants declare (latest version of each variant). */
  async declared(tenantId: string): Promise<DeclaredDocument[]> {
    const rows: { key: string; content: { documents?: unknown } }[] = await this.ds.query(
      `SELECT DISTINCT ON (key) key, content FROM variant WHERE tenant_id = $1 ORDER BY key, version DESC`,
      [tenantId],
    );
    const deployed = new Set<string>(
      (await this.ds.query(`SELECT name FROM document_template WHERE tenant_id = $1`, [tenantId])).map((r: { name: string }) => r.name),
    );
    const out: DeclaredDocument[] = [];
    for (const r of rows) {
      const docs = Array.isArray(r.content?.documents) ? (r.content.documents as Partial<DeclaredDocument>[]) : [];
      for (const d of docs) {
        if (!d || typeof d.key !== 'string' || typeof d.template !== 'string' || out.some((x) => x.key === d.key)) continue;
        const formats = (Array.isArray(d.formats) ? d.formats : ['docx', 'pdf']).filter((f): f is DocumentFormat => f === 'docx' || f === 'pdf');
        out.push({ key: d.key, name: typeof d.name === 'string' ? d.name : d.key, template: d.template, formats, variant: r.key, templateDeployed: deployed.has(d.template) });
      }
    }
    return out;
  }

  /** The declared documents available for an instance, and those already made from it. */
  async forInstance(user: AuthUser, instanceId: string) {
    const { tenantId } = await this.scope.assertInstanceVisible(user, instanceId);
    const items = await this.declared(tenantId);
    const generated: StoredDocument[] = await this.ds.query(
      `SELECT ${STORED_COLUMNS} FROM instance_document d LEFT JOIN app_user u ON u.id = d.created_by WHERE d.instance_id = $1 ORDER BY d.created_at DESC`,
      [instanceId],
    );
    return { items, total: items.length, generated: generated.map((g) => ({ ...g, size: Number(g.size) })) };
  }

  /** Fills the template with the instance's variables, renders it and stores it with the instance. */
  async generate(user: AuthUser, instanceId: string, key: string, format: DocumentFormat): Promise<StoredDocument & { content: Buffer; fileName: string }> {
    const { tenantId } = await this.scope.assertInstanceVisible(user, instanceId);
    const doc = (await this.declared(tenantId)).find((d) => d.key === key);
    if (!doc) throw new NotFoundException(msg('document.notDeclared', { key }));
    if (!doc.formats.includes(format)) {
      const formats = doc.formats.join(', ');
      throw new BadRequestException({ message: msg('document.formatNotMade', { key, format, formats }), fields: { format: [msg('document.formatField', { formats })] } });
    }
    const [tpl] = await this.ds.query(`SELECT content FROM document_template WHERE tenant_id = $1 AND name = $2`, [tenantId, doc.template]);
    if (!tpl) throw new ConflictException(msg('document.templateMissing', { template: doc.template, key }));
    const [inst] = await this.ds.query(
      `SELECT pi.id, pi.process_key AS "processKey", pi.business_key AS "businessKey", pi.state, pi.variables, pi.started_at AS "startedAt",
         pi.ended_at AS "endedAt", u.full_name AS "startedByName", o.name AS "orgName", ${SUBJECT.select} AS subject
       FROM process_instance pi LEFT JOIN app_user u ON u.id = pi.started_by LEFT JOIN organization o ON o.id = pi.org_id ${SUBJECT.joins}
       WHERE pi.id = $1`,
      [instanceId],
    );
    const tenant = await this.tenants.get(tenantId);
    const { variables, ...info } = inst as { variables: JsonObject } & Record<string, unknown>;
    const instance = JSON.parse(JSON.stringify(info)) as JsonObject;
    // `subject` (who the route is about): the instance's variable, else its row (`instance.subject`);
    // `referenceLabels`: list key → value → label of the tenant's reference lists, to print what a select stored.
    const referenceLabels = labelsByList(await loadReferenceLists(this.ds, tenantId));
    const filled = fillTemplate(tpl.content as DocumentTemplate, { instance, subject: instance.subject, referenceLabels, ...(variables ?? {}) },
      { now: await this.clock.read(tenantId, undefined, tenant.ownClock), timeZone: tenant.timeZone, calendar: tenant.calendar });
    const content = format === 'pdf' ? await renderPdf(filled) : await renderDocx(filled);
    const [row] = await this.ds.query(
      `INSERT INTO instance_document (tenant_id, instance_id, key, format, content, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tenantId, instanceId, key, format, content, user.id],
    );
    const stored = await this.stored(row.id);
    return { ...stored, content, fileName: `${key}.${format}` };
  }

  /** A stored document with its content, for those who may see its instance. */
  async download(user: AuthUser, id: string): Promise<StoredDocument & { content: Buffer; fileName: string }> {
    const [row] = await this.ds.query(`SELECT instance_id, content FROM instance_document WHERE id::text = $1`, [id]);
    if (!row || !(await this.scope.isInstanceVisible(user, row.instance_id))) throw new NotFoundException(msg('document.notFound', { id }));
    const stored = await this.stored(id);
    return { ...stored, content: row.content as Buffer, fileName: `${stored.key}.${stored.format}` };
  }

  private async stored(id: string): Promise<StoredDocument> {
    const [r] = await this.ds.query(`SELECT ${STORED_COLUMNS} FROM instance_document d LEFT JOIN app_user u ON u.id = d.created_by WHERE d.id = $1`, [id]);
    return { ...r, size: Number(r.size) };
  }
}
