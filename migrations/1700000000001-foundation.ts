import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settings, tenants, the organisation tree, users and their memberships (role at an organisation). */
export class Foundation1700000000001 implements MigrationInterface {
  name = 'Foundation1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE system_setting (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE tenant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE,
      name text NOT NULL,
      time_zone text NOT NULL,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // path: '/<root id>/…/<own id>/' so that a subtree is one indexed prefix match.
    await q.query(`CREATE TABLE organization (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      parent_id uuid REFERENCES organization(id),
      name text NOT NULL,
      level text NOT NULL,
      path text NOT NULL,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX organization_tenant_idx ON organization (tenant_id, level)`);
    await q.query(`CREATE INDEX organization_path_idx ON organization (path text_pattern_ops)`);
    await q.query(`CREATE INDEX organization_parent_idx ON organization (parent_id)`);
    await q.query(`CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid REFERENCES tenant(id),
      username text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      full_name text NOT NULL,
      email text,
      is_superadmin boolean NOT NULL DEFAULT false,
      is_active boolean NOT NULL DEFAULT true,
      profile jsonb NOT NULL DEFAULT '{}'::jsonb,
      token_version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX app_user_tenant_idx ON app_user (tenant_id)`);
    await q.query(`CREATE TABLE membership (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organization(id),
      role text NOT NULL,
      UNIQUE (user_id, org_id, role))`);
    await q.query(`CREATE INDEX membership_org_role_idx ON membership (org_id, role)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE membership`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE organization`);
    await q.query(`DROP TABLE tenant`);
    await q.query(`DROP TABLE system_setting`);
  }
}
