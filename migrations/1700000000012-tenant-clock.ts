import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tenant time, sandboxes and identity imports.
 * - `tenant_clock`: a tenant with a row runs on a simulated time of its own (every sandbox; under
 *   `ENGINE_CLOCK=simulated` every tenant once its time has been read or moved); it moves only
 *   through `POST /api/clock/advance` for that tenant. Jobs of such tenants are due by this time.
 * - `job_tenant_due_idx`: the claim of one tenant's due jobs when its clock moves.
 * - `sandbox`: which tenant a sandbox copies and when it was last used (removed after disuse).
 * - `identity_import`: the progress and report of an import of organisations or users.
 */
export class TenantClock1700000000012 implements MigrationInterface {
  name = 'TenantClock1700000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tenant_clock (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      now timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX job_tenant_due_idx ON job (tenant_id, due_at) WHERE state = 'ready'`);
    await q.query(`CREATE TABLE sandbox (
      tenant_id uuid PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      parent_tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX sandbox_parent_idx ON sandbox (parent_tenant_id)`);
    await q.query(`CREATE TABLE identity_import (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      kind text NOT NULL,
      file_name text,
      state text NOT NULL,
      stage text NOT NULL DEFAULT 'reading',
      format text,
      encoding text,
      total int NOT NULL DEFAULT 0,
      done int NOT NULL DEFAULT 0,
      created int NOT NULL DEFAULT 0,
      refused jsonb NOT NULL DEFAULT '[]'::jsonb,
      message text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_import`);
    await q.query(`DROP TABLE sandbox`);
    await q.query(`DROP INDEX job_tenant_due_idx`);
    await q.query(`DROP TABLE tenant_clock`);
  }
}
