// Deploy problems in the message catalogue: what the compiler reports in English, rendered in the caller's language.
import { msg } from '../../common/messages/message-catalogue.js';
import type { Problem, ProcessModel } from '../../engine/model/process-model.types.js';
import type { DeployProblem } from './schedule-check.js';

const STATIC_VALUE = /^(dueDate|followUpDate|timer timeDate|timer timeDuration|timer timeCycle): '(.*?)' (?:is not|is a negative|is neither|must be|:)/s;
const WHAT = {
  dueDate: ['deploy.what.dueDate', 'deploy.reason.staticDate'],
  followUpDate: ['deploy.what.followUpDate', 'deploy.reason.staticDate'],
  'timer timeDate': ['deploy.what.timerDate', 'deploy.reason.staticDate'],
  'timer timeDuration': ['deploy.what.timerDuration', 'deploy.reason.staticDuration'],
  'timer timeCycle': ['deploy.what.timerCycle', 'deploy.reason.staticCycle'],
} as const;

const RESERVED_TARGET = /^(output mapping|script resultVariable|multi-instance outputCollection) '(.*)' writes a variable the engine sets itself/s;
const RESERVED_WHAT = {
  'output mapping': 'deploy.what.outputMapping',
  'script resultVariable': 'deploy.what.resultVariable',
  'multi-instance outputCollection': 'deploy.what.outputCollection',
} as const;

/**
 * The compiler's problems with static dates, durations and cycles, and its writes to reserved
 * variables, in the catalogue (Russian by default, the compiler's own English text in English),
 * naming the element by its name.
 */
export function inRussian(p: Problem, models: ProcessModel[]): Problem | DeployProblem {
  if (!p.elementId) return p;
  const element = models.map((x) => x.elements[p.elementId!]?.name).find(Boolean) || p.elementId;
  const r = RESERVED_TARGET.exec(p.message);
  if (r) return { ...p, message: msg('deploy.reservedTarget', { element, what: msg(RESERVED_WHAT[r[1] as keyof typeof RESERVED_WHAT]), target: r[2], original: p.message }) };
  const m = STATIC_VALUE.exec(p.message);
  if (!m) return p;
  const [what, reason] = WHAT[m[1] as keyof typeof WHAT];
  return { ...p, message: msg('deploy.staticValue', { element, what: msg(what), value: m[2], reason: msg(reason), original: p.message }) };
}
