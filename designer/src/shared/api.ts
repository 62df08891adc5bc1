/**
 * Fetch wrapper for the server API (same origin, under `/api`).
 *
 * Adds `Authorization: Bearer <token>` from the session store, turns JSON
 * error bodies (`{ message, problems?, fields? }`) into {@link ApiError}s and
 * calls the registered unauthorised handler on a 401 so the app can return
 * to the login page.
 */
import { clearSession, getToken, requestTenant } from './session';
import { currentLocale } from './i18n';

/** One problem in a refused deployment. */
export interface DeployProblem {
  resource: string;
  elementId?: string;
  message: string;
}

/** Field errors of a refused form: field key → messages. */
export type FieldErrors = Record<string, string[]>;

/** An error answer of the server, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly problems: DeployProblem[];
  readonly fields: FieldErrors;
  readonly retryAfterSeconds?: number;
  /** The catalogue key of the server's message (`task.notFound`), when it sent one. */
  readonly code?: string;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    message: string;
    problems?: DeployProblem[];
    fields?: FieldErrors;
    retryAfterSeconds?: number;
    code?: string;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.problems = init.problems ?? [];
    this.fields = init.fields ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.code = init.code;
  }

  /** True when the server could not be reached at all. */
  get unreachable(): boolean {
    return this.status === 0;
  }

  /**
   * True when the endpoint does not exist on the server (yet): NestJS answers
   * an unknown route with 404 "Cannot GET /api/…"; 501 means not implemented.
   */
  get notImplemented(): boolean {
    return this.status === 501 || (this.status === 404 && (this.code === 'http.routeNotFound' || /^Cannot [A-Z]+ \//.test(this.message)));
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** Do not send the token and do not treat 401 as an expired session (login). */
  anonymous?: boolean;
  /** Read the answer as text instead of JSON. */
  text?: boolean;
  signal?: AbortSignal;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Registers what happens when the server answers 401 (the router sends the user to login). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/** Builds `/api/<path>?<query>`, leaving out empty query values. */
export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  let url = clean.startsWith('/api/') || clean === '/api' ? clean : `/api${clean}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

/** Normalises `fields` of a 400 answer: a map or a list of `{ field|key|path, message }`. */
export function normalizeFieldErrors(raw: unknown): FieldErrors {
  const out: FieldErrors = {};
  const add = (key: unknown, message: unknown) => {
    if (typeof key !== 'string' || !key) return;
    const messages = Array.isArray(message) ? message : [message];
    for (const m of messages) {
      if (typeof m === 'string' && m) (out[key] ??= []).push(m);
    }
  };
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (item && typeof item === 'object') {
        const rec = item as Record<string, unknown>;
        add(rec.field ?? rec.key ?? rec.path ?? rec.name, rec.message ?? rec.messages);
      }
    }
  } else if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) add(key, value);
  }
  return out;
}

function normalizeProblems(raw: unknown): DeployProblem[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
    .map((p) => ({
      resource: typeof p.resource === 'string' ? p.resource : '',
      elementId: typeof p.elementId === 'string' && p.elementId ? p.elementId : undefined,
      message: typeof p.message === 'string' ? p.message : String(p.message ?? ''),
    }));
}

function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const m = (body as Record<string, unknown>).message;
    if (typeof m === 'string' && m) return m;
    // class-validator style: message is a list of strings
    if (Array.isArray(m) && m.length) return m.map(String).join('; ');
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return fallback;
}

/** Sends one request to the API; resolves with the parsed answer or rejects with an {@link ApiError}. */
export async function request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  // The superadmin works in the tenant chosen in the header: every request names it (the server
  // ignores `tenant` where it has no meaning), unless the caller named one itself.
  const workTenant = options.anonymous || /^\/?(api\/)?(auth|tenants)\b/.test(path) ? null : requestTenant();
  let query = options.query;
  if (workTenant && !(query && 'tenant' in query)) query = { ...(query ?? {}), tenant: workTenant };
  if (workTenant && options.body && typeof options.body === 'object' && !Array.isArray(options.body) && !('tenant' in (options.body as object))) {
    options = { ...options, body: { ...(options.body as object), tenant: workTenant } };
  }
  const url = buildUrl(path, query);
  const headers: Record<string, string> = { Accept: options.text ? 'application/xml, text/plain, application/json' : 'application/json' };
  // the server words its messages in the language of the interface
  headers['Accept-Language'] = currentLocale();
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = options.anonymous ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, method, path: url, message: e instanceof Error ? e.message : String(e) });
  }

  const contentType = response.headers.get('content-type') ?? '';
  const raw = await response.text();
  let body: unknown = raw;
  if (contentType.includes('json') && raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }

  if (!response.ok) {
    // a proxy without a running server answers 502/503/504 with an HTML page
    const proxyDown = [502, 503, 504].includes(response.status) && !contentType.includes('json');
    // Retry-After header, or `retryAfterSeconds` in the body (the server's 429 on sign-in)
    const bodyRetry = body && typeof body === 'object' ? (body as Record<string, unknown>).retryAfterSeconds : undefined;
    const retryAfter = Number(response.headers.get('retry-after') ?? bodyRetry);
    const error = new ApiError({
      status: proxyDown ? 0 : response.status,
      method,
      path: url,
      message: messageOf(body, response.statusText || `HTTP ${response.status}`),
      problems: body && typeof body === 'object' ? normalizeProblems((body as Record<string, unknown>).problems) : [],
      fields: body && typeof body === 'object' ? normalizeFieldErrors((body as Record<string, unknown>).fields) : {},
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      code: body && typeof body === 'object' && typeof (body as Record<string, unknown>).code === 'string' ? ((body as Record<string, unknown>).code as string) : undefined,
    });
    if (response.status === 401 && !options.anonymous) {
      clearSession();
      onUnauthorized();
    }
    throw error;
  }

  if (options.text) {
    if (body && typeof body === 'object' && typeof (body as Record<string, unknown>).xml === 'string') {
      return (body as Record<string, unknown>).xml as T;
    }
    return raw as T;
  }
  if (response.status === 204 || raw === '') return undefined as T;
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], extra: Omit<RequestOptions, 'method' | 'query'> = {}) =>
    request<T>(path, { ...extra, method: 'GET', query }),
  post: <T>(path: string, body: unknown = {}, extra: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...extra, method: 'POST', body }),
  text: (path: string, query?: RequestOptions['query']) => request<string>(path, { method: 'GET', query, text: true }),
  patch: <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string, query?: RequestOptions['query']) => request<T>(path, { method: 'DELETE', query }),
};
