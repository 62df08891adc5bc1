/**
 * Loads the domain catalog (roles of the tenant's variants, deployed forms and form drafts)
 * from the server into the shared catalog the pickers and lint rules read.
 */
import { session } from '../../shared/session';
import { levelNameMap } from '../../shared/role-names';
import { SYSTEM_ROLES, setCatalog, type DomainForm, type DomainRole } from './domain/catalog';
import { formIdOf, getDraft, listDrafts, listForms, listVariants, type VariantView } from './designer-api';

export interface LoadedCatalog {
  variants: VariantView[];
  roles: DomainRole[];
  forms: DomainForm[];
}

function tenantZone(): string | undefined {
  const tenant = session.user?.tenant as { timeZone?: string } | string | null | undefined;
  return tenant && typeof tenant === 'object' ? tenant.timeZone : undefined;
}

/** Fetches the catalog; on failure the catalog stays "not loaded" (lint checks presence only). */
export async function loadCatalog(): Promise<LoadedCatalog> {
  const [variants, forms, drafts] = await Promise.all([listVariants(), listForms(), listDrafts().catch(() => [])]);
  const roles: DomainRole[] = [];
  const levelNames = levelNameMap(variants);
  for (const v of variants) {
    for (const r of v.roles ?? []) {
      if (!roles.some((x) => x.key === r.key) && !SYSTEM_ROLES.some((x) => x.key === r.key)) roles.push({ ...r, levelName: levelNames.get(r.level), variant: v.key });
    }
  }
  const domainForms: DomainForm[] = forms.map((f) => ({
    id: f.formId,
    // the title the server reads from the form (its first heading)
    name: f.title ?? (typeof f.schema?.title === 'string' ? (f.schema.title as string) : undefined),
    source: 'deployed' as const,
  }));

  const formDrafts = drafts.filter((d) => d.kind === 'form');
  const contents = await Promise.all(formDrafts.map((d) => getDraft(d.name).catch(() => null)));
  for (const d of contents) {
    const id = d && formIdOf(d.content);
    if (id && !domainForms.some((f) => f.id === id)) domainForms.push({ id, source: 'draft' });
  }
  setCatalog({ roles, forms: domainForms, loaded: true, timeZone: tenantZone() });
  return { variants, roles, forms: domainForms };
}
