import type { Queryable } from '../../database/queryable.js';

/** An open subscription a message or signal may reach: an instance's wait, or a definition's start. */
export interface SubscriptionRow {
  id: string;
  instance_id: string | null;
  definition_id: string;
  element_id: string;
  kind: string;
}

/**
 * The subscriptions a message reaches: per instance, its oldest open subscription of this name
 * and correlation key; and the message starts of that name.
 */
export async function messageSubscriptions(q: Queryable, tenantId: string, name: string, correlationKey: string | null): Promise<SubscriptionRow[]> {
  return q.query(
    `SELECT DISTINCT ON (coalesce(instance_id::text, id::text)) id, instance_id, definition_id, element_id, kind
     FROM event_subscription
     WHERE tenant_id = $1 AND name = $2 AND kind IN ('message', 'message-start')
       AND (correlation_key IS NOT DISTINCT FROM $3 OR kind = 'message-start')
     ORDER BY coalesce(instance_id::text, id::text), created_at`,
    [tenantId, name, correlationKey],
  );
}

/** Every signal subscription and signal start of the tenant with this name, oldest first. */
export async function signalSubscriptions(q: Queryable, tenantId: string, name: string): Promise<SubscriptionRow[]> {
  return q.query(
    `SELECT id, instance_id, definition_id, element_id, kind FROM event_subscription
     WHERE tenant_id = $1 AND name = $2 AND kind IN ('signal', 'signal-start') ORDER BY created_at`,
    [tenantId, name],
  );
}

/** The instance's oldest open message subscription of that name (whatever its correlation key). */
export async function openMessageSubscription(q: Queryable, instanceId: string, name: string): Promise<string | undefined> {
  const [sub] = await q.query(
    `SELECT id FROM event_subscription WHERE instance_id = $1 AND kind = 'message' AND name = $2 ORDER BY created_at, id LIMIT 1`,
    [instanceId, name],
  );
  return sub?.id;
}

/** The message subscriptions of an instance: the message name, the element that waits for it and its definition. */
export async function waitingMessageElements(q: Queryable, instanceId: string): Promise<{ name: string; elementId: string; definitionId: string | null }[]> {
  return q.query(
    `SELECT DISTINCT name, element_id AS "elementId", definition_id AS "definitionId" FROM event_subscription WHERE instance_id = $1 AND kind = 'message' ORDER BY name, element_id`,
    [instanceId],
  );
}
