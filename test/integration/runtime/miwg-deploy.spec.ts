import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../server/src/config/app-config.js';
import { createTenantFixture } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

// The OMG MIWG reference models (CC BY 3.0; attribution in SOURCE.md beside them).
const dir = path.join(repoRoot(), 'test/fixtures/miwg');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort();

describe('MIWG reference models through POST /api/deployments', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer({ BODY_LIMIT: String(10 * 1024 * 1024) });
    f = await createTenantFixture(s);
  });
  afterAll(async () => {
    await s.close();
  });

  test.each(files)('%s is deployed, or refused with the elements it cannot execute named; the server stays up', async (file) => {
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    const r = await s.call('POST', '/api/deployments', { name: file, resources: [{ name: file, content: xml }] }, f.tokens['t-admin']);
    expect([201, 400]).toContain(r.status);
    if (r.status === 201) {
      expect(r.body.processDefinitions.length).toBeGreaterThan(0);
      for (const d of r.body.processDefinitions) expect(xml).toContain(`"${d.key}"`);
    } else {
      expect(r.body.problems.length).toBeGreaterThan(0);
      for (const p of r.body.problems) {
        expect(p.resource).toBe(file);
        if (p.elementId) expect(xml).toContain(`"${p.elementId}"`);
      }
      expect(r.body.problems.some((p: any) => p.elementId)).toBe(true);
    }
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });
});
