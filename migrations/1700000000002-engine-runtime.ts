import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployments and versioned definitions; process instances (engine state as JSONB on the locked
 * instance row); the runtime projections the engine's effects write (user tasks with their
 * candidate pairs, event subscriptions, jobs, incidents); and the append-only history.
 */
export class EngineRuntime1700000000002 implements MigrationInterface {
  name = 'EngineRuntime1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE deployment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      name text NOT NULL,
      deployed_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE deployment_resource (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      deployment_id uuid NOT NULL REFERENCES deployment(id) ON DELETE CASCADE,
      name text NOT NULL,
      content text NOT NULL,
      content_hash text NOT NULL)`);
    await q.query(`CREATE TABLE process_definition (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      key text NOT NULL,
      version integer NOT NULL,
      name text,
      deployment_id uuid NOT NULL REFERENCES deployment(id),
      resource_name text NOT NULL,
      xml text NOT NULL,
      content_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, key, version))`);
    await q.query(`CREATE TABLE form_definition (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      form_id text NOT NULL,
      version integer NOT NULL,
      deployment_id uuid NOT NULL REFERENCES deployment(id),
      resource_name text NOT NULL,
      schema jsonb NOT NULL,
      content_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, form_id, version))`);
    await q.query(`CREATE TABLE variant (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      key text NOT NULL,
      version integer NOT NULL,
      deployment_id uuid NOT NULL REFERENCES deployment(id),
      content jsonb NOT NULL,
      content_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, key, version))`);
    // fillfactor 80: every command rewrites the instance row; free room in the page keeps those updates HOT.
    await q.query(`CREATE TABLE process_instance (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenant(id),
      definition_id uuid NOT NULL REFERENCES process_definition(id),
      process_key text NOT NULL,
      business_key text,
      org_id uuid REFERENCES organization(id),
      state text NOT NULL,
      engine_state jsonb,
      variables jsonb NOT NULL DEFAULT '{}'::jsonb,
      active_element_ids text[] NOT NULL DEFAULT '{}',
      rev integer NOT NULL DEFAULT 1,
      root_instance_id uuid NOT NULL,
      parent_instance_id uuid,
      parent_execution_id text,
      started_by uuid REFERENCES app_user(id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz)
      WITH (fillfactor = 80)`);
    await q.query(`CREATE INDEX process_instance_key_idx ON process_instance (tenant_id, process_key, state)`);
    await q.query(`CREATE INDEX process_instance_org_idx ON process_instance (org_id)`);
    await q.query(`CREATE INDEX process_instance_parent_idx ON process_instance (parent_instance_id)`);
    await q.query(`CREATE INDEX process_instance_business_key_idx ON process_instance (tenant_id, business_key)`);
    await q.query(`CREATE TABLE user_task (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      instance_id uuid NOT NULL,
      definition_id uuid NOT NULL,
      process_key text NOT NULL,
      element_id text NOT NULL,
      execution_id text NOT NULL,
      name text,
      org_id uuid,
      assignee uuid,
      candidate_users uuid[] NOT NULL DEFAULT '{}',
      candidate_roles text[] NOT NULL DEFAULT '{}',
      form_id text,
      due_at timestamptz,
      follow_up_at timestamptz,
      priority integer NOT NULL DEFAULT 50,
      input jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      claimed_at timestamptz)`);
    await q.query(`CREATE INDEX user_task_instance_idx ON user_task (instance_id)`);
    await q.query(`CREATE INDEX user_task_assignee_idx ON user_task (assignee, due_at)`);
    await q.query(`CREATE INDEX user_task_due_idx ON user_task (due_at)`);
    await q.query(`CREATE INDEX user_task_candidate_users_idx ON user_task USING gin (candidate_users)`);
    // The inbox: one row per (role, organisation) a task is offered to.
    await q.query(`CREATE TABLE task_candidate (
      task_id uuid NOT NULL REFERENCES user_task(id) ON DELETE CASCADE,
      role text NOT NULL,
      org_id uuid NOT NULL,
      due_at timestamptz,
      PRIMARY KEY (role, org_id, task_id))`);
    await q.query(`CREATE INDEX task_candidate_task_idx ON task_candidate (task_id)`);
    await q.query(`CREATE TABLE event_subscription (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      kind text NOT NULL,
      name text NOT NULL,
      correlation_key text,
      instance_id uuid,
      definition_id uuid,
      element_id text NOT NULL,
      execution_id text,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX event_subscription_lookup_idx ON event_subscription (tenant_id, kind, name, correlation_key)`);
    await q.query(`CREATE INDEX event_subscription_instance_idx ON event_subscription (instance_id)`);
    await q.query(`CREATE INDEX event_subscription_definition_idx ON event_subscription (definition_id)`);
    await q.query(`CREATE TABLE job (
      id uuid PRIMARY KEY,
      tenant_id uuid,
      kind text NOT NULL,
      instance_id uuid,
      definition_id uuid,
      element_id text,
      execution_id text,
      due_at timestamptz NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      retries integer NOT NULL DEFAULT 3,
      attempts integer NOT NULL DEFAULT 0,
      state text NOT NULL DEFAULT 'ready',
      lock_owner text,
      lock_expires_at timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX job_due_idx ON job (due_at) WHERE state = 'ready'`);
    await q.query(`CREATE INDEX job_instance_idx ON job (instance_id)`);
    await q.query(`CREATE INDEX job_definition_idx ON job (definition_id)`);
    await q.query(`CREATE TABLE incident (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      instance_id uuid,
      element_id text,
      execution_id text,
      job_id uuid,
      kind text NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX incident_instance_idx ON incident (instance_id)`);
    await q.query(`CREATE INDEX incident_tenant_idx ON incident (tenant_id, created_at)`);
    await q.query(`CREATE TABLE history_event (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL,
      instance_id uuid,
      at timestamptz NOT NULL,
      type text NOT NULL,
      element_id text,
      element_type text,
      element_name text,
      execution_id text,
      user_id uuid,
      data jsonb NOT NULL DEFAULT '{}'::jsonb)`);
    await q.query(`CREATE INDEX history_event_instance_idx ON history_event (instance_id, id)`);
    await q.query(`CREATE INDEX history_event_tenant_at_idx ON history_event (tenant_id, at)`);
    // A task that is no longer open is found by its id in the history (409 rather than 404).
    await q.query(`CREATE INDEX history_event_task_idx ON history_event ((data->>'taskId')) WHERE type = 'taskCreated'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['history_event', 'incident', 'job', 'event_subscription', 'task_candidate', 'user_task',
      'process_instance', 'variant', 'form_definition', 'process_definition', 'deployment_resource', 'deployment']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
