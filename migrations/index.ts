import { Foundation1700000000001 } from './1700000000001-foundation.js';
import { EngineRuntime1700000000002 } from './1700000000002-engine-runtime.js';
import { IdentitySecurity1700000000003 } from './1700000000003-identity-security.js';
import { Supervision1700000000005 } from './1700000000005-supervision.js';
import { Drafts1700000000007 } from './1700000000007-drafts.js';
import { Catalog1700000000008 } from './1700000000008-catalog.js';
import { InboxIndex1700000000009 } from './1700000000009-inbox-index.js';
import { CaseSubject1700000000010 } from './1700000000010-case-subject.js';
import { CycleFirings1700000000011 } from './1700000000011-cycle-firings.js';
import { TenantClock1700000000012 } from './1700000000012-tenant-clock.js';
import { DraftAuthor1700000000013 } from './1700000000013-draft-author.js';
import { AlertIndex1700000000014 } from './1700000000014-alert-index.js';

/**
 * Every migration, in the order it runs. Add a new one at the end (see README.md here);
 * never reorder or edit one that has been released.
 */
export const MIGRATIONS = [Foundation1700000000001, EngineRuntime1700000000002, IdentitySecurity1700000000003, Supervision1700000000005, Drafts1700000000007, Catalog1700000000008, InboxIndex1700000000009,
  CaseSubject1700000000010, CycleFirings1700000000011, TenantClock1700000000012, DraftAuthor1700000000013,
  AlertIndex1700000000014];
