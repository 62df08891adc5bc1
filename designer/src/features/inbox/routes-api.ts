/** The routes about the signed-in user (`GET /api/process-instances?subject=me`), their history and documents. */
import { api, buildUrl } from '../../shared/api';
import { getToken } from '../../shared/session';
import { currentLocale } from '../../shared/i18n';
import type { DeclaredDocument, HistoryEvent, InstanceRow, Page } from '../../shared/api-shapes';

export const listMyRoutes = () => api.get<Page<InstanceRow>>('/process-instances', { subject: 'me', size: 50 });
export const getRouteHistory = (id: string) => api.get<Page<HistoryEvent>>(`/process-instances/${encodeURIComponent(id)}/history`);
export const listRouteDocuments = (id: string) =>
  api.get<{ items: DeclaredDocument[] }>(`/process-instances/${encodeURIComponent(id)}/documents`).then((r) => (r.items ?? []).filter((d) => d.templateDeployed !== false));

/** A message the user may raise on a route now (`raisable` of `variant.json`), with what they read for it. */
export interface RaisableEvent {
  message: string;
  name: string;
  /** the variable the raiser's own words go into, when the variant declares one */
  comment?: string;
}

/** The events the user may raise on a route now (`GET /api/process-instances/:id` → `raisableEvents`). */
export const getRaisableEvents = (id: string) =>
  api.get<{ raisableEvents?: RaisableEvent[] }>(`/process-instances/${encodeURIComponent(id)}`).then((r) => r.raisableEvents ?? []);

/** Raises a declared message on the route alone (`POST /api/process-instances/:id/messages`). */
export const raiseEvent = (id: string, e: RaisableEvent, text = '') =>
  api.post<unknown>(`/process-instances/${encodeURIComponent(id)}/messages`, { name: e.message, ...(e.comment && text.trim() ? { variables: { [e.comment]: text.trim() } } : {}) });

/** Makes a document from the route and saves it in the browser under the name the server gives. */
export async function downloadDocument(instanceId: string, key: string, format: 'docx' | 'pdf'): Promise<void> {
  const token = getToken();
  const res = await fetch(buildUrl(`/process-instances/${encodeURIComponent(instanceId)}/documents/${encodeURIComponent(key)}`, { format }), {
    method: 'POST',
    headers: { 'Accept-Language': currentLocale(), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `HTTP ${res.status}`);
  const name = /filename="([^"]+)"/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name ?? `${key}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The steps a route has done, oldest first: completed user tasks by name, with who and when. */
export function doneSteps(history: readonly HistoryEvent[]): { at: string; name: string; who: string | null }[] {
  const names = new Map<string, string>();
  for (const h of history) if (h.elementId && h.elementName) names.set(h.elementId, h.elementName);
  return history
    .filter((h) => h.type === 'taskCompleted')
    .map((h) => ({ at: h.at, name: (h.elementId && names.get(h.elementId)) || h.elementName || '', who: h.userName }))
    .filter((s) => s.name);
}

/** Ids of the elements a route has passed through (for the diagram). */
export function passedElements(history: readonly HistoryEvent[]): string[] {
  return [...new Set(history.filter((h) => (h.type === 'elementCompleted' || h.type === 'taskCompleted') && h.elementId).map((h) => h.elementId!))];
}
