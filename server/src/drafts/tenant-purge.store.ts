import type { EntityManager } from 'typeorm';

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/**
 * Deletes a tenant and every row of it, inside `tx` (all or nothing): the rows of every table with a
 * `tenant_id` column (found in the catalogue, so tables added later are covered), referencing
 * tables before the tables they reference (the foreign keys in `pg_constraint`), then the tenant.
 * Rows without a tenant column that hang on them go by their cascades (sessions, notifications,
 * candidate rows); memberships go first with the tenant's users. Used for sandboxes only.
 */
export async function purgeTenant(tx: EntityManager, tenantId: string): Promise<void> {
  const tables: { name: string }[] = await tx.query(
    `SELECT c.table_name AS name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND c.table_name <> 'tenant'`);
  const refs: { child: string; parent: string }[] = await tx.query(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
     JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND ch.relnamespace = current_schema()::regnamespace`);
  const names = new Set(tables.map((t) => t.name));
  // Depth-first: a table is deleted after every tenant table that references it.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const r of refs) if (r.parent === t && names.has(r.child)) visit(r.child);
    order.push(t);
  };
  for (const t of [...names].sort()) visit(t);
  await tx.query(`DELETE FROM membership WHERE user_id IN (SELECT id FROM app_user WHERE tenant_id = $1)`, [tenantId]);
  for (const t of order) await tx.query(`DELETE FROM ${quote(t)} WHERE tenant_id = $1`, [tenantId]);
  await tx.query(`DELETE FROM tenant WHERE id = $1`, [tenantId]);
}
