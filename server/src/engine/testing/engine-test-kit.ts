import { readFileSync } from 'node:fs';
import { Engine } from '../engine.js';
import type { CommandResult } from '../engine.js';
import type { WorkingCalendar } from '../feel/feel-evaluator.js';
import { compileBpmn } from '../model/compile-bpmn.js';
import type { CompileResult, ProcessModel } from '../model/process-model.types.js';
import type { CommandContext } from '../execution/command-context.types.js';
import type { InstanceCommand, StartInstanceCommand } from '../execution/commands.types.js';
import type { Effect } from '../execution/effects.types.js';
import type { JsonObject } from '../execution/json.types.js';
import type { InstanceState } from '../execution/state.types.js';

/** Monday–Friday working calendar for tests. */
export const weekdays: WorkingCalendar = {
  isWorkingDay: (isoDate) => {
    const day = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  },
};

/** Compiles a diagram that sits beside a spec (`import.meta.url` of the spec). */
export async function compileFile(specUrl: string, file: string): Promise<CompileResult> {
  const xml = readFileSync(new URL(file, specUrl), 'utf8');
  return compileBpmn(xml, file);
}

/** Compiles a diagram beside a spec and returns its (first or named) process; fails on problems. */
export async function loadModel(specUrl: string, file: string, key?: string): Promise<ProcessModel> {
  const result = await compileFile(specUrl, file);
  if (result.problems.length > 0) throw new Error(`problems in ${file}: ${JSON.stringify(result.problems, null, 2)}`);
  const model = key ? result.processes.find((p) => p.key === key) : result.processes[0];
  if (!model) throw new Error(`no process ${key ?? ''} in ${file}`);
  return model;
}

/**
 * A process instance under test: keeps the state between commands, a deterministic id counter
 * (`id1`, `id2`, …) and a settable clock.
 */
export class TestInstance {
  state!: InstanceState;
  effects: Effect[] = [];
  all: Effect[] = [];
  private counter = 0;
  readonly engine: Engine;
  ctx: CommandContext;

  constructor(
    readonly model: ProcessModel,
    options: { now?: string; timeZone?: string; engine?: (newId: () => string) => Engine } = {},
  ) {
    const newId = (): string => `id${++this.counter}`;
    this.engine = options.engine ? options.engine(newId) : new Engine({ newId });
    this.ctx = { now: new Date(options.now ?? '2026-03-02T09:00:00Z'), timeZone: options.timeZone ?? 'Asia/Kamchatka', calendar: weekdays, userId: 'tester' };
  }

  private apply(result: CommandResult): this {
    // round-trip through JSON as the persistence layer does (JSONB), so non-JSON state fails tests
    this.state = JSON.parse(JSON.stringify(result.state)) as InstanceState;
    this.effects = result.effects;
    this.all.push(...result.effects);
    return this;
  }

  start(command: Omit<StartInstanceCommand, 'type'> = {}): this {
    return this.apply(this.engine.startInstance(this.model, command, this.ctx));
  }

  send(command: InstanceCommand): this {
    return this.apply(this.engine.execute(this.model, this.state, command, this.ctx));
  }

  at(iso: string): this {
    this.ctx = { ...this.ctx, now: new Date(iso) };
    return this;
  }

  /** Element ids of live tokens/scopes (not the root), sorted. */
  active(): string[] {
    return Object.values(this.state.elements)
      .filter((e) => e.parentId !== null)
      .map((e) => e.elementId)
      .sort();
  }

  taskId(elementId: string): string {
    const ei = Object.values(this.state.elements).find((e) => e.elementId === elementId && e.userTaskId);
    if (!ei) throw new Error(`no open user task at ${elementId}; active: ${this.active().join(', ')}`);
    return ei.userTaskId!;
  }

  completeTask(elementId: string, variables: JsonObject = {}): this {
    return this.send({ type: 'completeUserTask', taskId: this.taskId(elementId), variables });
  }

  subscriptionId(elementId: string): string {
    const s = Object.values(this.state.subscriptions).find((x) => x.elementId === elementId);
    if (!s) throw new Error(`no subscription for ${elementId}`);
    return s.id;
  }

  trigger(elementId: string, variables: JsonObject = {}): this {
    return this.send({ type: 'triggerSubscription', subscriptionId: this.subscriptionId(elementId), variables });
  }

  timerJob(elementId: string): { id: string; dueAt?: string } {
    const job = Object.values(this.state.jobs).find((j) => j.elementId === elementId && j.kind === 'timer');
    if (!job) throw new Error(`no timer for ${elementId}`);
    return job;
  }

  fire(elementId: string): this {
    const job = this.timerJob(elementId);
    this.at(job.dueAt!);
    return this.send({ type: 'fireTimer', jobId: job.id });
  }

  actionJobId(elementId: string): string {
    const job = Object.values(this.state.jobs).find((j) => j.elementId === elementId && j.kind === 'action');
    if (!job) throw new Error(`no action job for ${elementId}`);
    return job.id;
  }

  get variables(): JsonObject {
    return this.state.elements[this.state.instanceId]?.variables ?? {};
  }

  /** Effects of the last command of one type. */
  of<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  /** The instance-ended effect of the last command, if any. */
  get ended(): Extract<Effect, { type: 'instanceEnded' }> | undefined {
    return this.of('instanceEnded')[0];
  }

  incidents(): string[] {
    return Object.values(this.state.incidents).map((i) => `${i.elementId}: ${i.message}`);
  }
}
