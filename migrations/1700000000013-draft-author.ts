import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts record their author: `created_by` is the user who first saved the file (kept when
 * others save it again; `updated_by` is the last one). Existing drafts get their last editor.
 */
export class DraftAuthor1700000000013 implements MigrationInterface {
  name = 'DraftAuthor1700000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE draft ADD COLUMN created_by uuid REFERENCES app_user(id) ON DELETE SET NULL`);
    await q.query(`UPDATE draft SET created_by = updated_by`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE draft DROP COLUMN created_by`);
  }
}
