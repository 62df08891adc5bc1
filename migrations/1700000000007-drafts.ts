import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts of the designer: a tenant's unfinished BPMN diagrams, forms and variant files, kept on
 * the server (one row per tenant and file name) until they are deployed as new versions.
 */
export class Drafts1700000000007 implements MigrationInterface {
  name = 'Drafts1700000000007';

  async up(q: QueryRunner): Promise<void> {
    // kind: bpmn | form | variant; name is the file name the deployment will use.
    await q.query(`CREATE TABLE draft (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bpmn', 'form', 'variant')),
      content text NOT NULL,
      updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE draft`);
  }
}
