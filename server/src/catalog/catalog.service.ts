import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SaveReferenceListDto } from './catalog.dto.js';
import { loadProfileFields } from '../identity/profile-fields.js';
import type { ProfileField } from '../identity/profile-fields.js';
import { loadReferenceLists, seedReferenceLists } from '../runtime/forms/reference-lists.js';
import type { ReferenceList } from '../runtime/forms/reference-lists.js';

/** Reference lists and profile fields of a tenant. */
@Injectable()
export class CatalogService {
  constructor(private readonly ds: DataSource) {}

  list(tenantId: string): Promise<ReferenceList[]> {
    return loadReferenceLists(this.ds, tenantId);
  }

  async get(tenantId: string, key: string): Promise<ReferenceList> {
    const found = (await this.list(tenantId)).find((l) => l.key === key);
    if (!found) throw new NotFoundException(`reference list "${key}" not found`);
    return found;
  }

  /** Replaces a list's items (and name); creates the list when the tenant has none of that key. */
  async save(tenantId: string, key: string, body: SaveReferenceListDto, userId: string): Promise<ReferenceList> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(key)) {
      throw new BadRequestException({ message: `reference list key "${key}" is not valid: letters, digits, "-", "_", "." (up to 100)`, fields: { key: ['invalid key'] } });
    }
    const fields: Record<string, string[]> = {};
    const seen = new Map<string, number>();
    body.items.forEach((item, i) => {
      const value = item.value.trim();
      if (seen.has(value)) (fields[`items.${i}.value`] ??= []).push(`value "${value}" is used twice (also item ${seen.get(value)})`);
      else seen.set(value, i);
      if (!item.label.trim()) (fields[`items.${i}.label`] ??= []).push('label must not be empty');
      if (!value) (fields[`items.${i}.value`] ??= []).push('value must not be empty');
    });
    if (Object.keys(fields).length) {
      throw new BadRequestException({ message: `reference list "${key}" has errors in: ${Object.keys(fields).join(', ')}`, fields });
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
