import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A timer start of a process declared `startFor: { level }` starts one instance for each active
 * organisation of that level. `cycle_firing` holds one row per (firing, organisation): the
 * instance is started only by the transaction that inserts the row, so a firing starts exactly
 * one instance per organisation even when two server processes run the same firing (a job whose
 * lock expired, a retry after a partial failure).
 */
export class CycleFirings1700000000011 implements MigrationInterface {
  name = 'CycleFirings1700000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cycle_firing (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      process_key text NOT NULL,
      element_id text NOT NULL,
      fire_at timestamptz NOT NULL,
      org_id uuid NOT NULL REFERENCES organization(id),
      instance_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, process_key, element_id, fire_at, org_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cycle_firing`);
  }
}
