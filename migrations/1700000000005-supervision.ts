import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision and notifications: acknowledgements of overdue alerts (with the supervisor's
 * comment), in-app notifications per user, and the e-mail outbox that the mail dispatcher sends
 * with retries (a message written with its cause's transaction is never lost when SMTP is down).
 */
export class Supervision1700000000005 implements MigrationInterface {
  name = 'Supervision1700000000005';

  async up(q: QueryRunner): Promise<void> {
    // One row per acknowledgement; an alert is (instance, element[, task]). Append-only.
    await q.query(`CREATE TABLE alert_ack (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      instance_id uuid NOT NULL,
      element_id text NOT NULL,
      task_id uuid,
      user_id uuid NOT NULL REFERENCES app_user(id),
      comment text NOT NULL,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX alert_ack_instance_idx ON alert_ack (instance_id, element_id)`);
    await q.query(`CREATE TABLE notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      kind text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL DEFAULT '',
      instance_id uuid,
      task_id uuid,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      read_at timestamptz)`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`);
    // state: pending → sent, or failed after MAIL_MAX_ATTEMPTS tries.
    await q.query(`CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid,
      notification_id uuid REFERENCES notification(id) ON DELETE SET NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      state text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lock_owner text,
      lock_expires_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz)`);
    await q.query(`CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_outbox`);
    await q.query(`DROP TABLE notification`);
    await q.query(`DROP TABLE alert_ack`);
  }
}
