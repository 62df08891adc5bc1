/**
 * Security headers on every response: API answers (success and error), the web app, the OpenAPI
 * page; no-store on authentication answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

describe('foundation: security headers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  test.each([
    ['GET', '/api/health', undefined],
    ['GET', '/api/tasks', undefined],
    ['GET', '/api/no-such-thing', undefined],
    ['POST', '/api/auth/login', '{broken'],
    ['GET', '/api/docs', undefined],
    ['GET', '/', undefined],
    ['GET', '/inbox', undefined],
  ])('%s %s carries CSP with frame-ancestors none, nosniff, a referrer policy, X-Frame-Options', async (method, path, body) => {
    const r = await s.call(method, path, body, undefined, body ? { 'content-type': 'application/json' } : {});
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  test('the web app\'s files are served with a cache lifetime; no file is looked for under /api', async () => {
    const assets = path.join(repoRoot(), 'designer/dist/assets');
    const file = fs.readdirSync(assets).find((f) => f.endsWith('.js'))!;
    const r = await s.call('GET', `/assets/${file}`);
    expect([r.status, r.headers.get('cache-control')]).toEqual([200, 'public, max-age=3600']);
    // an /api path that happens to name a file of the web app is the API's 404, not the file
    fs.copyFileSync(path.join(assets, file), path.join(repoRoot(), 'designer/dist/api-probe.js'));
    try {
      expect((await s.call('GET', '/api-probe.js')).status).toBe(200);
      fs.mkdirSync(path.join(repoRoot(), 'designer/dist/api'), { recursive: true });
      fs.copyFileSync(path.join(assets, file), path.join(repoRoot(), 'designer/dist/api/probe.js'));
      const api = await s.call('GET', '/api/probe.js');
      expect([api.status, api.headers.get('content-type')]).toEqual([404, expect.stringMatching(/^application\/json/)]);
    } finally {
      fs.rmSync(path.join(repoRoot(), 'designer/dist/api-probe.js'), { force: true });
      fs.rmSync(path.join(repoRoot(), 'designer/dist/api'), { recursive: true, force: true });
    }
  });

  test('HEAD of the web app (uptime checks) answers as GET does, without a body', async () => {
    for (const p of ['/', '/inbox']) {
      const r = await s.call('HEAD', p);
      expect([p, r.status, r.headers.get('content-type')]).toEqual([p, 200, expect.stringMatching(/^text\/html/)]);
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.body ?? '').toBe('');
    }
  });

  test('authentication answers are not stored by caches', async () => {
    const ok = await s.call('POST', '/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const wrong = await s.call('POST', '/api/auth/login', { username: 'admin', password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    const me = await s.call('GET', '/api/auth/me', undefined, ok.body.accessToken);
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  test('the OpenAPI page runs no inline script (so the policy does not break it)', async () => {
    const r = await s.call('GET', '/api/docs');
    const inline = [...String(r.body).matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => m[1].trim());
    expect(inline).toEqual([]);
  });
});
