/**
 * The live notification stream (`GET /api/notifications/stream`, server-sent events). The browser
 * sends the session cookie; EventSource reconnects by itself after a network failure.
 */
export interface StreamUpdate {
  unread: number;
  latest: { id: string; subject: string; kind: string } | null;
}

/** Parses the data of a `notification` event; null when it is not one. */
export function parseStreamUpdate(data: string): StreamUpdate | null {
  try {
    const v = JSON.parse(data) as Partial<StreamUpdate>;
    return typeof v.unread === 'number' ? { unread: v.unread, latest: v.latest ?? null } : null;
  } catch {
    return null;
  }
}

/** Opens the stream and calls `onUpdate` on each update; returns a function that closes it. */
export function openNotificationStream(onUpdate: (u: StreamUpdate) => void): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('/api/notifications/stream');
  source.addEventListener('notification', (e) => {
    const u = parseStreamUpdate((e as MessageEvent<string>).data);
    if (u) onUpdate(u);
  });
  return () => source.close();
}
