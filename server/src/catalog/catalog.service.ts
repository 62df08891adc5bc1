import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SaveReferenceListDto } from './catalog.dto.js';
import { loadProfileFields } from '../identity/profile-fields.js';
import type { ProfileField } from '../identity/profile-fields.js';
import { loadReferenceLists, seedReferenceLists } from '../runtime/forms/reference-lists.js';
import type { ReferenceList } from '../runtime/forms/reference-lists.js';
import { msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

/** Reference lists and profile fields of a tenant. */
@Injectable()
export class CatalogService {
  constructor(private readonly ds: DataSource) {}

  list(tenantId: string): Promise<ReferenceList[]> {
    return loadReferenceLists(this.ds, tenantId);
  }

  async get(tenantId: string, key: string): Promise<ReferenceList> {
    const found = (await this.list(tenantId)).find((l) => l.key === key);
    if (!found) throw new NotFoundException(msg('catalog.listNotFound', { key }));
    return found;
  }

  /** Replaces a list's items (and name); creates the list when the tenant has none of that key. */
  async save(tenantId: string, key: string, body: SaveReferenceListDto, userId: string): Promise<ReferenceList> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(key)) {
      throw new BadRequestException({ message: msg('catalog.badKey', { key }), fields: { key: [msg('catalog.badKeyField')] } });
    }
    const fields: Record<string, LocalizedMessage[]> = {};
    const problems: LocalizedMessage[] = [];
    const refuse = (field: string, i: number, problem: LocalizedMessage) => {
      (fields[`items.${i}.${field}`] ??= []).push(problem);
      problems.push(msg('catalog.itemProblem', { n: i + 1, problem }));
    };
    const seen = new Map<string, number>();
    body.items.forEach((item, i) => {
      const value = item.value.trim();
      if (seen.has(value)) refuse('value', i, msg('catalog.valueTwice', { value, index: seen.get(value), other: seen.get(value)! + 1 }));
      else seen.set(value, i);
      if (!item.label.trim()) refuse('label', i, msg('catalog.labelEmpty'));
      if (!value) refuse('value', i, msg('catalog.valueEmpty'));
    });
    if (Object.keys(fields).length) {
      throw new BadRequestException({ message: msg('catalog.listInvalid', { key, fields: Object.keys(fields).join(', '), problems }), fields });
    }
    const items = body.items.map((i) => ({ value: i.value.trim(), label: i.label.trim() }));
    await seedReferenceLists(this.ds, tenantId);
    await this.ds.query(
      `INSERT INTO reference_list (tenant_id, key, name, items, updated_by, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, now())
       ON CONFLICT (tenant_id, key) DO UPDATE SET name = COALESCE($6, reference_list.name), items = EXCLUDED.items,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [tenantId, key, body.name?.trim() || key, JSON.stringify(items), userId, body.name?.trim() || null],
    );
    return this.get(tenantId, key);
  }

  profileFields(tenantId: string): Promise<ProfileField[]> {
    return loadProfileFields(this.ds, tenantId);
  }
}
