import type { EntityManager } from 'typeorm';

/** A row of the `job` table as handlers see it. */
export interface JobRow {
  id: string;
  tenant_id: string | null;
  kind: string;
  instance_id: string | null;
  definition_id: string | null;
  element_id: string | null;
  execution_id: string | null;
  due_at: Date;
  payload: Record<string, unknown>;
  retries: number;
  attempts: number;
}

/**
 * Runs one job inside the transaction that also deletes it: its effects and its removal commit
 * together or not at all. Throwing makes the executor retry it with back-off. Returning `'keep'`
 * leaves the row to the handler (which deleted or rescheduled it itself).
 */
export type JobHandler = (job: JobRow, tx: EntityManager) => Promise<'keep' | void>;

/** What happened to one job in a run of the executor. */
export interface FiredJob {
  id: string;
  kind: string;
  dueAt: string;
  firedAt: string;
  ok: boolean;
  error?: string;
}
