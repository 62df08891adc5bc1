import type { ActionRegistry } from './actions/action.types.js';
import type { FeelLimits } from './feel/feel-budget.js';
import { BUILT_IN_ACTIONS } from './actions/built-in-actions.registry.js';
import type { ProcessModel } from './model/process-model.types.js';
import type { CommandContext } from './execution/command-context.types.js';
import { CommandRunner } from './execution/command-runner.js';
import type { Command, InstanceCommand, StartInstanceCommand } from './execution/commands.types.js';
import type { Effect } from './execution/effects.types.js';
import type { JsonObject } from './execution/json.types.js';
import type { ElementInstance, InstanceState } from './execution/state.types.js';
import { assertNoReservedVariables, withoutReservedVariables } from './execution/reserved-variables.js';
import { EngineCommandError } from './execution/step-failure.js';

/** Construction options of {@link Engine}. */
export interface EngineOptions {
  /** Id generator for instances, executions, tasks, jobs, subscriptions and incidents (inject a counter in tests). */
  newId: () => string;
  /** Action handlers by type; defaults to {@link BUILT_IN_ACTIONS}. */
  actions?: ActionRegistry;
  /** Bounds of every FEEL evaluation; defaults to {@link DEFAULT_FEEL_LIMITS}. */
  feelLimits?: FeelLimits;
}

/** The outcome of a command: the new state (store it) and the effects (apply them, in order). */
export interface CommandResult {
  state: InstanceState;
  effects: Effect[];
}

/**
 * The BPMN execution core. Every command is a pure function of (model, state, command, context):
 * the given state is never mutated; a new state and the effects are returned. A command that does not
 * fit the state throws {@link EngineCommandError} and changes nothing.
 */
export class Engine {
  private readonly newId: () => string;
  private readonly actions: ActionRegistry;
  private readonly feelLimits: FeelLimits | undefined;

  constructor(options: EngineOptions) {
    this.newId = options.newId;
    this.actions = options.actions ?? BUILT_IN_ACTIONS;
    this.feelLimits = options.feelLimits;
  }

  /** The command context with the engine's FEEL bounds. */
  private withLimits(ctx: CommandContext): CommandContext {
    return this.feelLimits ? { ...ctx, feelLimits: this.feelLimits } : ctx;
  }

  /** Runs any command; `state` is null for `startInstance`. */
  execute(model: ProcessModel, state: InstanceState | null, command: Command, ctx: CommandContext): CommandResult {
    if (command.type === 'startInstance') return this.startInstance(model, command, ctx);
    if (!state) throw new EngineCommandError(`command ${command.type} needs the instance state`);
    return this.run(model, state, command, ctx);
  }

  /** Starts an instance at the none start event, or at `startEventId` (message/timer/signal start). */
  startInstance(model: ProcessModel, command: Omit<StartInstanceCommand, 'type'>, ctx: CommandContext): CommandResult {
    if (!model.isExecutable) throw new EngineCommandError(`process '${model.key}' is not executable`);
    const start = command.startEventId
      ? model.startEvents.find((s) => s.elementId === command.startEventId)
      : model.startEvents.find((s) => s.kind === 'none');
    if (!start) throw new EngineCommandError(`process '${model.key}' has no ${command.startEventId ? `start event '${command.startEventId}'` : 'none start event'}`);
    const instanceId = command.instanceId ?? this.newId();
    const state: InstanceState = {
      instanceId,
      processKey: model.key,
      status: 'active',
      businessKey: command.businessKey,
      initiator: command.initiator,
      parent: command.parent,
      elements: {},
      subscriptions: {},
      jobs: {},
      incidents: {},
      joins: {},
    };
    const runner = new CommandRunner(model, state, this.withLimits(ctx), this.newId, this.actions);
    const root: ElementInstance = { id: instanceId, elementId: model.key, kind: 'process', parentId: null, status: 'active', variables: {} };
    state.elements[instanceId] = root;
    runner.history({ kind: 'instanceStarted', processKey: model.key, businessKey: command.businessKey, initiator: command.initiator });
    runner.history({ kind: 'elementActivated', elementId: model.key, elementType: 'process', name: model.name, executionId: instanceId });
    if (command.variables && Object.keys(command.variables).length > 0) runner.setLocal(root, { ...command.variables });
    runner.startRoot(start.elementId);
    return { state, effects: runner.effects };
  }

  private run(model: ProcessModel, input: InstanceState, command: InstanceCommand, ctx: CommandContext): CommandResult {
    if (input.status !== 'active') throw new EngineCommandError(`instance '${input.instanceId}' has ended`);
    // variables from outside (a person, a message, a signal, an action) never overwrite what the engine sets
    if ('variables' in command && command.type !== 'childInstanceEnded') assertNoReservedVariables(command.variables);
    const state = structuredClone(input);
    const runner = new CommandRunner(model, state, this.withLimits(ctx), this.newId, this.actions);
    switch (command.type) {
      case 'completeUserTask': {
        const ei = Object.values(state.elements).find((e) => e.userTaskId === command.taskId);
        if (!ei) throw new EngineCommandError(`user task '${command.taskId}' is not active`);
        if (ei.status !== 'active') throw new EngineCommandError(`user task '${command.taskId}' has an open incident`);
        const variables = command.variables ?? {};
        runner.emit({ type: 'userTaskCompleted', instanceId: state.instanceId, taskId: command.taskId, userId: ctx.userId, variables });
        runner.history({ kind: 'taskCompleted', taskId: command.taskId, elementId: ei.elementId, executionId: ei.id, userId: ctx.userId });
        delete ei.userTaskId;
        runner.complete(ei, { variables });
        break;
      }
      case 'triggerSubscription': {
        const subscription = state.subscriptions[command.subscriptionId];
        if (!subscription) throw new EngineCommandError(`subscription '${command.subscriptionId}' is not open`);
        const owner = state.elements[subscription.ownerId];
        if (!subscription.interrupting) {
          // non-interrupting catches stay open for the next message/signal
        } else {
          delete state.subscriptions[subscription.id];
          runner.emit({ type: 'subscriptionClosed', instanceId: state.instanceId, subscriptionId: subscription.id });
        }
        runner.caught(owner, model.elements[subscription.elementId], command.variables ?? {});
        break;
      }
      case 'fireTimer': {
        const job = state.jobs[command.jobId];
        if (!job || job.kind !== 'timer') throw new EngineCommandError(`timer job '${command.jobId}' does not exist`);
        runner.fireTimer(job);
        break;
      }
      case 'completeJob': {
        const { job, ei } = this.actionJob(state, command.jobId);
        delete state.jobs[job.id];
        delete ei.jobId;
        runner.emit({ type: 'jobRemoved', instanceId: state.instanceId, jobId: job.id });
        runner.complete(ei, { variables: command.variables ?? {} });
        break;
      }
      case 'failJob': {
        const { job, ei } = this.actionJob(state, command.jobId);
        const retries = command.retries ?? Math.max(0, (job.retries ?? 0) - 1);
        if (retries > 0) {
          job.retries = retries;
          runner.emit({ type: 'jobRetryScheduled', instanceId: state.instanceId, jobId: job.id, retries, message: command.message });
        } else {
          delete state.jobs[job.id];
          delete ei.jobId;
          runner.emit({ type: 'jobRemoved', instanceId: state.instanceId, jobId: job.id });
          runner.raiseIncident(ei, 'job', command.message, { jobId: job.id });
        }
        break;
      }
      case 'throwJobError': {
        const { job, ei } = this.actionJob(state, command.jobId);
        delete state.jobs[job.id];
        delete ei.jobId;
        runner.emit({ type: 'jobRemoved', instanceId: state.instanceId, jobId: job.id });
        if (command.variables) runner.propagate(ei, command.variables);
        if (!runner.throwError(ei, command.errorCode, command.message)) {
          runner.raiseIncident(ei, 'throw', `unhandled BPMN error '${command.errorCode}'${command.message ? `: ${command.message}` : ''}`, {
            errorCode: command.errorCode,
          });
        }
        break;
      }
      case 'childInstanceEnded': {
        const ei = state.elements[command.executionId];
        if (!ei || ei.kind !== 'callActivity') throw new EngineCommandError(`call activity execution '${command.executionId}' is not active`);
        const element = model.elements[ei.elementId];
        if (command.outcome === 'completed') {
          const keep = element.called?.propagateAllChildVariables !== false || element.outputs !== undefined;
          // the child's own initiator/subject stay the child's
          const variables = keep ? withoutReservedVariables(command.variables ?? {}) : {};
          if (element.called?.propagateAllChildVariables === false && element.outputs) {
            runner.setLocal(ei, variables);
            runner.complete(ei);
          } else {
            runner.complete(ei, { variables });
          }
        } else if (command.outcome === 'error') {
          if (!runner.throwError(ei, command.code, command.message)) {
            runner.raiseIncident(ei, 'throw', `unhandled BPMN error '${command.code}' from the called process`, { errorCode: command.code });
          }
        } else {
          runner.raiseIncident(ei, 'activate', 'the called instance was terminated');
        }
        break;
      }
      case 'childEscalated': {
        const ei = state.elements[command.executionId];
        if (!ei || ei.kind !== 'callActivity') throw new EngineCommandError(`call activity execution '${command.executionId}' is not active`);
        // Uncaught in the parent too: an escalation is not an error, so nothing else happens (BPMN 10.5.5).
        runner.throwEscalation(ei, command.code);
        break;
      }
      case 'cancelInstance':
        runner.endInstance('terminated');
        break;
      case 'setVariables': {
        const ei = state.elements[command.executionId ?? state.instanceId];
        if (!ei) throw new EngineCommandError(`execution '${command.executionId}' is not active`);
        if (command.local) runner.setLocal(ei, command.variables);
        else runner.propagate(ei, command.variables);
        break;
      }
      case 'retryIncident': {
        const incident = state.incidents[command.incidentId];
        if (!incident) throw new EngineCommandError(`incident '${command.incidentId}' is not open`);
        runner.retry(incident);
        break;
      }
    }
    return { state, effects: runner.effects };
  }

  private actionJob(state: InstanceState, jobId: string): { job: NonNullable<InstanceState['jobs'][string]>; ei: ElementInstance } {
    const job = state.jobs[jobId];
    if (!job || job.kind !== 'action') throw new EngineCommandError(`action job '${jobId}' does not exist`);
    const ei = state.elements[job.ownerId];
    if (!ei) throw new EngineCommandError(`the owner of job '${jobId}' is gone`);
    return { job, ei };
  }

  // ---- convenience wrappers -----------------------------------------------------------------

  /** Completes a user task with variables (`userTaskCompleted`, then the token moves on). */
  completeUserTask(model: ProcessModel, state: InstanceState, taskId: string, variables: JsonObject, ctx: CommandContext): CommandResult {
    return this.run(model, state, { type: 'completeUserTask', taskId, variables }, ctx);
  }

  /** Delivers a correlated message or a broadcast signal to one open subscription. */
  triggerSubscription(model: ProcessModel, state: InstanceState, subscriptionId: string, variables: JsonObject, ctx: CommandContext): CommandResult {
    return this.run(model, state, { type: 'triggerSubscription', subscriptionId, variables }, ctx);
  }

  /** Fires a due timer job. */
  fireTimer(model: ProcessModel, state: InstanceState, jobId: string, ctx: CommandContext): CommandResult {
    return this.run(model, state, { type: 'fireTimer', jobId }, ctx);
  }

  /** Cancels the instance (everything terminated, `instanceEnded` terminated). */
  cancelInstance(model: ProcessModel, state: InstanceState, ctx: CommandContext): CommandResult {
    return this.run(model, state, { type: 'cancelInstance' }, ctx);
  }
}
