import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A demo person to insert: login, password hash, name, profile, roles at organisations (ids). */
export interface DemoPersonRow {
  username: string;
  passwordHash: string;
  fullName: string;
  email: string | null;
  profile: Record<string, unknown>;
  memberships: { orgId: string; role: string }[];
}

/** The open task a demo step completes, and who may complete it. */
export interface DemoTaskRow {
  id: string;
  instance_id: string;
  assignee: string | null;
  /** A user holding one of the task's (role, organisation) pairs, else a candidate user. */
  holder: string | null;
}

/** SQL of the demo loader: people in bulk, a route's due timers, the task a step completes. */
@Injectable()
export class DemoStore {
  constructor(private readonly ds: DataSource) {}

  /** Inserts the people and their memberships in two statements; returns their ids by username. */
  async insertPeople(tenantId: string, people: DemoPersonRow[]): Promise<Map<string, string>> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string; username: string }[] = await m.query(
        `INSERT INTO app_user (tenant_id, username, password_hash, full_name, email, profile)
         SELECT $1, p.username, p.hash, p.full_name, p.email, coalesce(p.profile, '{}'::jsonb)
         FROM jsonb_to_recordset($2::jsonb) AS p(username text, hash text, full_name text, email text, profile jsonb)
         RETURNING id, username`,
        [tenantId, JSON.stringify(people.map((p) => ({ username: p.username, hash: p.passwordHash, full_name: p.fullName.trim(), email: p.email, profile: p.profile })))],
      );
      const ids = new Map(rows.map((r) => [r.username, r.id]));
      const ms = people.flatMap((p) => p.memberships.map((x) => ({ user_id: ids.get(p.username), org_id: x.orgId, role: x.role })));
      await m.query(
        `INSERT INTO membership (user_id, org_id, role) SELECT x.user_id, x.org_id, x.role
         FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, org_id uuid, role text) ON CONFLICT DO NOTHING`,
        [JSON.stringify(ms)],
      );
      return ids;
    });
  }

  /** The tree paths of the tenant's organisations, by id. */
  async orgPaths(tenantId: string): Promise<Map<string, string>> {
    const rows: { id: string; path: string }[] = await this.ds.query(`SELECT id, path FROM organization WHERE tenant_id = $1`, [tenantId]);
    return new Map(rows.map((r) => [r.id, r.path]));
  }

  /** The route's earliest timer due by `upTo` (in the instance or those it called), if any. */
  async nextDueTimer(rootId: string, upTo: Date): Promise<{ id: string; instance_id: string; due_at: Date } | undefined> {
    const [row] = await this.ds.query(
      `SELECT j.id, j.instance_id, j.due_at FROM job j JOIN process_instance pi ON pi.id = j.instance_id
       WHERE pi.root_instance_id = $1 AND j.state = 'ready' AND j.kind = 'timer' AND j.due_at <= $2 ORDER BY j.due_at, j.id LIMIT 1`,
      [rootId, upTo],
    );
    return row;
  }

  /**
   * The oldest open task of `elementId` in the route (the instance and those it called) — of those
   * `userId` may complete and about `subjectId`, when given — with its assignee and a holder of one of its pairs.
   */
  async openTask(rootId: string, elementId: string, userId: string | null, subjectId: string | null = null): Promise<DemoTaskRow | undefined> {
    const [row] = await this.ds.query(
      `SELECT t.id, t.instance_id, t.assignee,
         coalesce((SELECT m.user_id FROM task_candidate c JOIN membership m ON m.role = c.role AND m.org_id = c.org_id
                   JOIN app_user u ON u.id = m.user_id AND u.is_active WHERE c.task_id = t.id ORDER BY u.username LIMIT 1),
                  t.candidate_users[1]) AS holder
       FROM user_task t JOIN process_instance pi ON pi.id = t.instance_id
       WHERE pi.root_instance_id = $1 AND t.element_id = $2 AND ($4::uuid IS NULL OR t.subject_id = $4)
         AND ($3::uuid IS NULL OR t.assignee = $3 OR $3 = ANY(t.candidate_users) OR EXISTS (
           SELECT 1 FROM task_candidate c JOIN membership m ON m.role = c.role AND m.org_id = c.org_id WHERE c.task_id = t.id AND m.user_id = $3))
       ORDER BY t.created_at, t.id LIMIT 1`,
      [rootId, elementId, userId, subjectId],
    );
    return row;
  }

  /** What a route waits for now (for the message when a step finds no task). */
  async routeState(rootId: string): Promise<{ open: string[]; incidents: { element_id: string; message: string }[] }> {
    const open: { element_id: string }[] = await this.ds.query(
      `SELECT t.element_id FROM user_task t JOIN process_instance pi ON pi.id = t.instance_id WHERE pi.root_instance_id = $1`, [rootId]);
    const incidents = await this.ds.query(
      `SELECT i.element_id, i.message FROM incident i JOIN process_instance pi ON pi.id = i.instance_id WHERE pi.root_instance_id = $1`, [rootId]);
    return { open: open.map((o) => o.element_id), incidents };
  }
}
