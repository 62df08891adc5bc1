import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('parallel join under concurrency (real PostgreSQL, separate connections)', () => {
  let s: TestServer;
  let f: TenantFixture;
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s);
    await deploy(s, f, [{ name: 'parallel-join.race.bpmn', content: fs.readFileSync(path.join(here, 'parallel-join.race.bpmn'), 'utf8') }]);
  });
  afterAll(async () => {
    await s.close();
  });

  test('given two branches, when both tasks are completed at the same moment, then the join fires exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'parallel-join' }, f.tokens.teacher11);
      expect([...inst.activeElementIds].sort()).toEqual(['municipal-visit', 'school-visit']);
      const a = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
      const b = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.municipal1)).items[0];
      const [ra, rb] = await Promise.all([
        s.call('POST', `/api/tasks/${a.id}/complete`, { variables: {} }, f.tokens.methodist11),
        s.call('POST', `/api/tasks/${b.id}/complete`, { variables: {} }, f.tokens.municipal1),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      const after = await ok(s, 'GET', `/api/process-instances/${inst.id}`, undefined, f.tokens.teacher11);
      expect(after.activeElementIds).toEqual(['reflection']);
      const mine = await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}&scope=assigned`, undefined, f.tokens.teacher11);
      expect(mine.items.map((t: any) => t.elementId)).toEqual(['reflection']);
      const history = await ok(s, 'GET', `/api/process-instances/${inst.id}/history`, undefined, f.tokens.teacher11);
      expect(history.items.filter((h: any) => h.type === 'elementActivated' && h.elementId === 'reflection')).toHaveLength(1);
    }
  });
});
