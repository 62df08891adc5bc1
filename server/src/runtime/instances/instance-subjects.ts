import type { JsonObject } from '../../engine/execution/json.types.js';
import { isUuid } from '../../common/ids.js';
import { resolveUserRefs } from '../../identity/user.store.js';
import type { EffectSink, LoadedInstance } from './loaded-instance.types.js';
import { instanceSubject, loadSubjectUser } from './subject.store.js';
import type { InstanceSubject } from './subject.store.js';

// Who an instance or a task is about: the starter, a person named by an input mapping, or the parent's subject.

/** The subject `userId` (a user id or login of this tenant) at `orgId` or their first organisation; null when there is none. */
export async function subjectFor(sink: EffectSink, userId: string | null | undefined, orgId?: string | null): Promise<InstanceSubject | null> {
  // an input mapping may name the person by login, as `assignee` may
  if (userId && !isUuid(userId)) [userId] = await resolveUserRefs(sink.tx, sink.tenant.id, [userId]);
  const user = await loadSubjectUser(sink.tx, userId);
  if (!user || user.tenantId !== sink.tenant.id) return null;
  return instanceSubject(user, sink.tenant.profileFields, orgId);
}

/** The parent's subject, for a called instance that names none of its own. */
export function inheritedSubject(inst: LoadedInstance): InstanceSubject | null {
  if (!inst.subject) return null;
  const root = inst.state.elements[inst.id]?.variables?.subject;
  const { id, fullName, orgId, orgName } = inst.subject;
  const variable = root && typeof root === 'object' && !Array.isArray(root) ? root : { id, fullName, orgId, orgName };
  return { id, fullName: fullName ?? '', orgId, orgName, variable };
}

/**
 * The subject and organisation an element names for itself in its input mapping (`subjectId`,
 * `orgId`: a call activity's called instance, a multi-instance item's task). `subject` is
 * undefined when none is named; a name that is not a user or an active organisation of this
 * tenant is left out and recorded in the history.
 */
export async function itemSubject(sink: EffectSink, inst: LoadedInstance, elementId: string, vars: JsonObject): Promise<{ subject?: InstanceSubject | null; orgId?: string }> {
  const out: { subject?: InstanceSubject | null; orgId?: string } = {};
  const wanted = typeof vars.orgId === 'string' ? vars.orgId : undefined;
  if (wanted) {
    const [org] = isUuid(wanted)
      ? await sink.tx.query(`SELECT id FROM organization WHERE id = $1 AND tenant_id = $2 AND is_active`, [wanted, sink.tenant.id])
      : [];
    if (org) out.orgId = org.id;
    else sink.pushRaw(inst.id, 'subject-unresolved', elementId, { orgId: wanted, reason: 'not an active organisation of the tenant' });
  }
  if (typeof vars.subjectId === 'string') {
    const subject = await subjectFor(sink, vars.subjectId, out.orgId);
    if (subject) out.subject = subject;
    else sink.pushRaw(inst.id, 'subject-unresolved', elementId, { subjectId: vars.subjectId, reason: 'not a user of the tenant' });
  }
  return out;
}
