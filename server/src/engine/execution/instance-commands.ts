import { completeJob, failJob, throwJobError } from './action-jobs.js';
import type { CommandRunner } from './command-runner.js';
import type { InstanceCommand } from './commands.types.js';
import { EngineCommandError } from './step-failure.js';

/**
 * Runs a command on an existing instance: finds what it is addressed to (a task, a subscription,
 * a job, a call activity, an incident) and hands it on — to the element's behaviour for the
 * commands addressed to one element, to the shared execution modules for the rest.
 * @throws EngineCommandError when the command does not fit the state
 */
export function runInstanceCommand(runner: CommandRunner, command: InstanceCommand): void {
  const { state, model } = runner;
  switch (command.type) {
    case 'completeUserTask': {
      const ei = Object.values(state.elements).find((e) => e.userTaskId === command.taskId);
      if (!ei) throw new EngineCommandError(`user task '${command.taskId}' is not active`);
      runner.command(ei, command);
      return;
    }
    case 'childInstanceEnded':
    case 'childEscalated': {
      const ei = state.elements[command.executionId];
      if (!ei || ei.kind !== 'callActivity') throw new EngineCommandError(`call activity execution '${command.executionId}' is not active`);
      runner.command(ei, command);
      return;
    }
    case 'triggerSubscription': {
      const subscription = state.subscriptions[command.subscriptionId];
      if (!subscription) throw new EngineCommandError(`subscription '${command.subscriptionId}' is not open`);
      const owner = state.elements[subscription.ownerId];
      // non-interrupting catches stay open for the next message/signal
      if (subscription.interrupting) {
        delete state.subscriptions[subscription.id];
        runner.emit({ type: 'subscriptionClosed', instanceId: state.instanceId, subscriptionId: subscription.id });
      }
      runner.caught(owner, model.elements[subscription.elementId], command.variables ?? {});
      return;
    }
    case 'fireTimer': {
      const job = state.jobs[command.jobId];
      if (!job || job.kind !== 'timer') throw new EngineCommandError(`timer job '${command.jobId}' does not exist`);
      runner.fireTimer(job);
      return;
    }
    case 'completeJob':
      return completeJob(runner, command.jobId, command.variables);
    case 'failJob':
      return failJob(runner, command.jobId, command.message, command.retries);
    case 'throwJobError':
      return throwJobError(runner, command.jobId, command.errorCode, command.message, command.variables);
    case 'cancelInstance':
      return runner.endInstance('terminated');
    case 'setVariables': {
      const ei = state.elements[command.executionId ?? state.instanceId];
      if (!ei) throw new EngineCommandError(`execution '${command.executionId}' is not active`);
      if (command.local) runner.setLocal(ei, command.variables);
      else runner.propagate(ei, command.variables);
      return;
    }
    case 'retryIncident': {
      const incident = state.incidents[command.incidentId];
      if (!incident) throw new EngineCommandError(`incident '${command.incidentId}' is not open`);
      runner.retry(incident);
      return;
    }
  }
}
