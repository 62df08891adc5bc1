import { BroadcastSignalCommand } from './broadcast-signal.command.js';
import { CancelInstanceCommand } from './cancel-instance.command.js';
import { ClaimTaskCommand } from './claim-task.command.js';
import { CompleteActionJobCommand } from './complete-action-job.command.js';
import { CompleteUserTaskCommand } from './complete-user-task.command.js';
import { CorrelateMessageCommand } from './correlate-message.command.js';
import { FireTimerStartCommand } from './fire-timer-start.command.js';
import { FireTimerCommand } from './fire-timer.command.js';
import { RaiseMessageCommand } from './raise-message.command.js';
import { ReassignTaskCommand } from './reassign-task.command.js';
import { RetryIncidentCommand } from './retry-incident.command.js';
import { SetVariablesCommand } from './set-variables.command.js';
import { StartInstanceCommand } from './start-instance.command.js';
import { UnclaimTaskCommand } from './unclaim-task.command.js';

/** Every public operation of the runtime, one command each: providers (and exports) of the runtime module. */
export const RUNTIME_COMMANDS = [
  StartInstanceCommand,
  CompleteUserTaskCommand,
  ClaimTaskCommand,
  UnclaimTaskCommand,
  ReassignTaskCommand,
  RaiseMessageCommand,
  CorrelateMessageCommand,
  BroadcastSignalCommand,
  RetryIncidentCommand,
  CancelInstanceCommand,
  SetVariablesCommand,
  FireTimerCommand,
  FireTimerStartCommand,
  CompleteActionJobCommand,
];
