import type { MessageTable } from './message.types.js';
import { commonMessages } from './common.messages.js';
import { inputMessages } from './input.messages.js';
import { deployMessages } from './deploy.messages.js';
import { taskMessages } from './task.messages.js';
import { variableMessages } from './variable.messages.js';
import { identityMessages } from './identity.messages.js';
import { draftsMessages } from './drafts.messages.js';
import { documentsMessages } from './documents.messages.js';
import { supervisionMessages } from './supervision.messages.js';
import { catalogMessages } from './catalog.messages.js';
import { serviceMessages } from './service.messages.js';
import { runtimeMessages } from './runtime.messages.js';
import { variantMessages } from './variant.messages.js';
import { indicatorMessages } from './indicator.messages.js';
import { clockMessages } from './clock.messages.js';

/**
 * The server's message catalogue: every area's table joined. Add an area's table here (one line);
 * keys are `<area>.<what>` and unique over the catalogue (the spec checks both languages are filled).
 */
export const CATALOGUE = {
  ...commonMessages,
  ...taskMessages,
  ...inputMessages,
  ...deployMessages,
  ...variableMessages,
  ...identityMessages,
  ...draftsMessages,
  ...documentsMessages,
  ...supervisionMessages,
  ...catalogMessages,
  ...serviceMessages,
  ...runtimeMessages,
  ...variantMessages,
  ...indicatorMessages,
  ...clockMessages,
} satisfies MessageTable;
