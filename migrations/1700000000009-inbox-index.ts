import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox answers from `task_candidate` alone. Each (role, organisation) row carries what the
 * inbox filters and sorts by — the task's assignee (kept in step by claim and unclaim), creation
 * time and process key, beside the due date it already had — and one covering index per pair
 * holds all of it, so a role holder's page and total are an index-only scan of their pairs' range
 * instead of one `user_task` heap fetch per offered task. The primary key turns round to
 * (task_id, role, org_id): it serves the per-task lookups (claim, access checks, cascade) that
 * the separate `task_candidate_task_idx` served.
 */
export class InboxIndex1700000000009 implements MigrationInterface {
  name = 'InboxIndex1700000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_candidate ADD COLUMN assignee uuid, ADD COLUMN created_at timestamptz, ADD COLUMN process_key text`);
    await q.query(`UPDATE task_candidate c SET assignee = t.assignee, created_at = t.created_at, process_key = t.process_key
      FROM user_task t WHERE t.id = c.task_id`);
    await q.query(`ALTER TABLE task_candidate ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN process_key SET NOT NULL`);
    await q.query(`ALTER TABLE task_candidate DROP CONSTRAINT task_candidate_pkey`);
    await q.query(`DROP INDEX task_candidate_task_idx`);
    await q.query(`ALTER TABLE task_candidate ADD CONSTRAINT task_candidate_pkey PRIMARY KEY (task_id, role, org_id)`);
    await q.query(`CREATE INDEX task_candidate_inbox_idx ON task_candidate (role, org_id)
      INCLUDE (task_id, assignee, due_at, created_at, process_key)`);
    // Statistics for the new columns now, not at autovacuum's leisure: the inbox plans rely on them.
    await q.query(`ANALYZE task_candidate`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_candidate_inbox_idx`);
    await q.query(`ALTER TABLE task_candidate DROP CONSTRAINT task_candidate_pkey`);
    await q.query(`ALTER TABLE task_candidate ADD CONSTRAINT task_candidate_pkey PRIMARY KEY (role, org_id, task_id)`);
    await q.query(`CREATE INDEX task_candidate_task_idx ON task_candidate (task_id)`);
    await q.query(`ALTER TABLE task_candidate DROP COLUMN assignee, DROP COLUMN created_at, DROP COLUMN process_key`);
  }
}
