import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance is about a person, its subject (by default the starter): `process_instance`
 * keeps who (`subject_id`) and the organisation the subject was at when the route started
 * (`subject_org_id`). A user task carries the subject of its instance, or of its own item (a
 * multi-instance item or input mapping may name another), and `search_text`: the task name, the
 * process name and the subject's name in lower case, `ё` as `е`, which `GET /api/tasks?q=` matches
 * with a trigram index. Existing instances get their starter as subject.
 */
export class CaseSubject1700000000010 implements MigrationInterface {
  name = 'CaseSubject1700000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance ADD COLUMN subject_id uuid, ADD COLUMN subject_org_id uuid`);
    await q.query(`UPDATE process_instance pi SET subject_id = pi.started_by,
      subject_org_id = (SELECT m.org_id FROM membership m JOIN organization o ON o.id = m.org_id WHERE m.user_id = pi.started_by
                        ORDER BY (m.org_id = pi.org_id) DESC, o.path, m.role LIMIT 1)
      WHERE pi.started_by IS NOT NULL`);
    // "my routes" (`GET /api/process-instances?subject=me`)
    await q.query(`CREATE INDEX process_instance_subject_idx ON process_instance (subject_id, started_at DESC) WHERE subject_id IS NOT NULL`);
    await q.query(`ALTER TABLE user_task ADD COLUMN subject_id uuid, ADD COLUMN subject_org_id uuid, ADD COLUMN search_text text`);
    await q.query(`UPDATE user_task t SET subject_id = pi.subject_id, subject_org_id = pi.subject_org_id,
        search_text = translate(lower(concat_ws(' ', t.name, pd.name, u.full_name)), 'ё', 'е')
      FROM process_instance pi JOIN process_definition pd ON pd.id = pi.definition_id LEFT JOIN app_user u ON u.id = pi.subject_id
      WHERE pi.id = t.instance_id`);
    // pg_trgm is a trusted extension: the database owner may create it.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX user_task_search_idx ON user_task USING gin (search_text gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX user_task_search_idx`);
    await q.query(`ALTER TABLE user_task DROP COLUMN subject_id, DROP COLUMN subject_org_id, DROP COLUMN search_text`);
    await q.query(`DROP INDEX process_instance_subject_idx`);
    await q.query(`ALTER TABLE process_instance DROP COLUMN subject_id, DROP COLUMN subject_org_id`);
  }
}
