import path from 'node:path';
import { startServer } from '../../server/src/bootstrap.js';
import type { RunningServer } from '../../server/src/bootstrap.js';
import { loadConfig, repoRoot } from '../../server/src/config/app-config.js';
import { createTestDatabase } from './test-db.js';

/** The superadmin password of test servers. */
export const TEST_ADMIN_PASSWORD = 'test-admin-pass';

/** A server under test with a small JSON client. */
export interface TestServer extends RunningServer {
  /** Calls the API; `token` adds the bearer header; messages in English unless `headers` ask otherwise. Never throws on HTTP errors. */
  call<T = any>(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  /** Logs in and returns the access token. */
  login(username: string, password: string): Promise<string>;
}

/**
 * Starts a real server in this process on a fresh database (cloned from the migrated template)
 * on a free port. `env` overrides configuration variables (e.g. `ENGINE_CLOCK: 'simulated'`).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    WEB_DIR: path.join(repoRoot(), 'designer/dist'),
    ...env,
  });
  const server = await startServer(config);
  const call: TestServer['call'] = async (method, p, body, token, headers = {}) => {
    const res = await fetch(server.url + p, {
      method,
      headers: {
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // The suites read the server's English messages; Russian (the default) is asked for explicitly.
        'accept-language': 'en',
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    ...server,
    call,
    async login(username, password) {
      const r = await call('POST', '/api/auth/login', { username, password });
      if (r.status !== 200 && r.status !== 201) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken as string;
    },
  };
}
