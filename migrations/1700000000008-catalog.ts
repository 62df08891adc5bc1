import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference lists (справочники) of a tenant, seeded from its variant files and edited without a
 * release; document templates deployed with a variant (`documents/*.json`); documents generated
 * from an instance (DOCX, PDF), kept with it.
 */
export class Catalog1700000000008 implements MigrationInterface {
  name = 'Catalog1700000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reference_list (
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      key text NOT NULL,
      name text NOT NULL,
      items jsonb NOT NULL DEFAULT '[]'::jsonb,
      updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key))`);
    // name: the resource name from "documents/" on, as variant.json → documents → template names it.
    await q.query(`CREATE TABLE document_template (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL,
      content jsonb NOT NULL,
      content_hash text NOT NULL,
      deployment_id uuid NOT NULL REFERENCES deployment(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name))`);
    await q.query(`CREATE TABLE instance_document (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      instance_id uuid NOT NULL REFERENCES process_instance(id) ON DELETE CASCADE,
      key text NOT NULL,
      format text NOT NULL CHECK (format IN ('docx', 'pdf')),
      content bytea NOT NULL,
      created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX instance_document_instance_idx ON instance_document (instance_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instance_document`);
    await q.query(`DROP TABLE document_template`);
    await q.query(`DROP TABLE reference_list`);
  }
}
