import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, normalizeFieldErrors, request, setUnauthorizedHandler } from './api';
import { clearSession, getToken, setSession, type SessionUser } from './session';

const user: SessionUser = {
  id: 'u1',
  username: 'ivanova',
  fullName: 'Иванова Мария Петровна',
  tenant: 'Камчатский край',
  roles: [{ orgId: 'o1', orgName: 'МБОУ СОШ №1', role: 'teacher' }],
  isSuperadmin: false,
  isTenantAdmin: false,
};

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  clearSession();
});

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(() => {});
});

describe('buildUrl', () => {
  it('prefixes /api and drops empty query values', () => {
    expect(buildUrl('/tasks', { scope: 'all', overdue: undefined, processKey: '', page: 2 })).toBe('/api/tasks?scope=all&page=2');
    expect(buildUrl('tasks')).toBe('/api/tasks');
    expect(buildUrl('/api/tasks')).toBe('/api/tasks');
  });
});

describe('request', () => {
  it('sends the bearer token and JSON body, and parses the JSON answer', async () => {
    setSession('tok-123', user);
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 'd1' }));
    const answer = await api.post<{ id: string }>('/deployments', { name: 'x', resources: [] });
    expect(answer).toEqual({ id: 'd1' });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/deployments');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(JSON.parse(init.body as string)).toEqual({ name: 'x', resources: [] });
  });

  it('sends no token on anonymous requests', async () => {
    setSession('tok-123', user);
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true }));
    await request('/auth/login', { method: 'POST', body: {}, anonymous: true });
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('turns a 400 with problems into an ApiError carrying them', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(400, {
        message: 'Deployment refused',
        problems: [
          { resource: 'a.bpmn', elementId: 'Task_1', message: 'zeebe:taskDefinition type unknown' },
          { resource: 'a.bpmn', message: 'no executable process' },
        ],
      }),
    );
    const error = await api.post('/deployments', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(400);
    expect(e.message).toBe('Deployment refused');
    expect(e.problems).toEqual([
      { resource: 'a.bpmn', elementId: 'Task_1', message: 'zeebe:taskDefinition type unknown' },
      { resource: 'a.bpmn', elementId: undefined, message: 'no executable process' },
    ]);
  });

  it('turns a 400 with fields into field errors', async () => {
    fetchMock.mockResolvedValue(jsonResponse(400, { message: 'Invalid form', fields: { topic: 'required' } }));
    const e = (await api.post('/tasks/1/complete', { variables: {} }).catch((x: unknown) => x)) as ApiError;
    expect(e.fields).toEqual({ topic: ['required'] });
  });

  it('on 401 clears the session and calls the unauthorised handler', async () => {
    setSession('tok-123', user);
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fetchMock.mockResolvedValue(jsonResponse(401, { message: 'Unauthorized' }));
    await expect(api.get('/tasks')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledOnce();
    expect(getToken()).toBeNull();
  });

  it('does not end the session on an anonymous 401 (wrong password)', async () => {
    setSession('tok-123', user);
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fetchMock.mockResolvedValue(jsonResponse(401, { message: 'Invalid credentials' }));
    await expect(request('/auth/login', { method: 'POST', body: {}, anonymous: true })).rejects.toMatchObject({ status: 401 });
    expect(handler).not.toHaveBeenCalled();
    expect(getToken()).toBe('tok-123');
  });

  it('reports a network failure as unreachable (status 0)', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const e = (await api.get('/tasks').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
    expect(e.unreachable).toBe(true);
  });

  it('reports a dev-proxy 502 HTML page as unreachable', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const e = (await api.get('/tasks').catch((x: unknown) => x)) as ApiError;
    expect(e.unreachable).toBe(true);
  });

  it('recognises an endpoint the server does not have yet', async () => {
    fetchMock.mockResolvedValue(jsonResponse(404, { message: 'Cannot GET /api/tasks?scope=all', error: 'Not Found', statusCode: 404 }));
    const e = (await api.get('/tasks').catch((x: unknown) => x)) as ApiError;
    expect(e.notImplemented).toBe(true);
    fetchMock.mockResolvedValue(jsonResponse(404, { message: 'Task 7 not found' }));
    const e2 = (await api.get('/tasks/7').catch((x: unknown) => x)) as ApiError;
    expect(e2.notImplemented).toBe(false);
  });

  it('reads Retry-After on 429', async () => {
    fetchMock.mockResolvedValue(jsonResponse(429, { message: 'Too Many Requests' }, { 'retry-after': '120' }));
    const e = (await api.get('/x').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(429);
    expect(e.retryAfterSeconds).toBe(120);
    fetchMock.mockResolvedValue(jsonResponse(429, { message: 'too many failed sign-in attempts', retryAfterSeconds: 300 }));
    const e2 = (await api.get('/x').catch((x: unknown) => x)) as ApiError;
    expect(e2.retryAfterSeconds).toBe(300);
  });

  it('reads XML as text, also when wrapped in { xml }', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<definitions/>', { status: 200, headers: { 'content-type': 'application/xml' } }));
    expect(await api.text('/process-definitions/p1/xml')).toBe('<definitions/>');
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { xml: '<definitions id="x"/>' }));
    expect(await api.text('/process-definitions/p1/xml')).toBe('<definitions id="x"/>');
  });

  it('answers undefined for an empty 204', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    expect(await api.post('/tasks/1/claim')).toBeUndefined();
  });
});

describe('normalizeFieldErrors', () => {
  it('accepts a map of strings or lists, and a list of { field, message }', () => {
    expect(normalizeFieldErrors({ a: 'x', b: ['y', 'z'] })).toEqual({ a: ['x'], b: ['y', 'z'] });
    expect(
      normalizeFieldErrors([
        { field: 'a', message: 'x' },
        { key: 'a', message: 'y' },
        { path: 'c', message: 'w' },
      ]),
    ).toEqual({ a: ['x', 'y'], c: ['w'] });
    expect(normalizeFieldErrors(undefined)).toEqual({});
  });
});
