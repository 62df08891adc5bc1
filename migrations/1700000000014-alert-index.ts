import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdue alerts read the tasks of the organisations in scope: `(org_id, due_at)` replaces the
 * tenant-wide `(due_at)` index, which made a municipality's alerts scan every overdue task of the
 * region (half a million rows in the benchmark) to keep its ten thousand. Tasks of an assignee who
 * cannot act (deactivated, or no such user) are found from the scope's distinct assignees: a
 * partial index of assigned tasks by organisation, carrying the assignee.
 */
export class AlertIndex1700000000014 implements MigrationInterface {
  name = 'AlertIndex1700000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX user_task_org_due_idx ON user_task (org_id, due_at)`);
    await q.query(`DROP INDEX user_task_due_idx`);
    await q.query(`CREATE INDEX user_task_assigned_org_idx ON user_task (org_id) INCLUDE (assignee) WHERE assignee IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX user_task_assigned_org_idx`);
    await q.query(`CREATE INDEX user_task_due_idx ON user_task (due_at)`);
    await q.query(`DROP INDEX user_task_org_due_idx`);
  }
}
