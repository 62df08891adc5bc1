import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity security: login sessions (so that logout and deactivation end a token at once), the
 * login throttle shared by every server process, and the log of reads of personal data (152-ФЗ).
 */
export class IdentitySecurity1700000000003 implements MigrationInterface {
  name = 'IdentitySecurity1700000000003';

  async up(q: QueryRunner): Promise<void> {
    // One row per login; the access token carries its id. revoked_at set by logout, deactivation,
    // password change.
    await q.query(`CREATE TABLE auth_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text)`);
    await q.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX auth_session_expires_idx ON auth_session (expires_at)`);
    // Failed logins per key ('user:<username>' or 'ip:<address>') in the current window.
    await q.query(`CREATE TABLE login_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      window_start timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz)`);
    // Who read whose personal data, when, through which endpoint (152-ФЗ).
    await q.query(`CREATE TABLE personal_data_access (
      id bigserial PRIMARY KEY,
      tenant_id uuid,
      actor_id uuid NOT NULL,
      subject_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      endpoint text NOT NULL,
      ip text)`);
    await q.query(`CREATE INDEX personal_data_access_tenant_idx ON personal_data_access (tenant_id, at)`);
    await q.query(`CREATE INDEX personal_data_access_subject_idx ON personal_data_access (subject_id, at)`);
    // Sign-in by username ignoring case; a user's memberships.
    await q.query(`CREATE INDEX app_user_username_lower_idx ON app_user (lower(username))`);
    await q.query(`CREATE INDEX membership_user_idx ON membership (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX membership_user_idx`);
    await q.query(`DROP INDEX app_user_username_lower_idx`);
    await q.query(`DROP TABLE personal_data_access`);
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`DROP TABLE auth_session`);
  }
}
