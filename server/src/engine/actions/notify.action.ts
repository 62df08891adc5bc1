import type { Json } from '../execution/json.types.js';
import type { ActionHandler } from './action.types.js';

function list(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `notify`: synchronous; emits `notificationRequested` with headers `roles` and `users`
 * (comma lists or FEEL lists), `subject` and `body` (static or FEEL); the task's local
 * (input-mapped) variables go along as `data`.
 */
export const notifyAction: ActionHandler = {
  type: 'notify',
  mode: 'sync',
  run: (input) => ({
    effects: [
      {
        type: 'notificationRequested',
        instanceId: input.instanceId,
        executionId: input.executionId,
        elementId: input.elementId,
        roles: list(input.headers.roles),
        users: list(input.headers.users),
        subject: String(input.headers.subject ?? ''),
        body: String(input.headers.body ?? ''),
        data: input.localVariables,
      },
    ],
  }),
};
