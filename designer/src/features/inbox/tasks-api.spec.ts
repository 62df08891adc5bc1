import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completeTask, listLatestDefinitions, listTasks, startInstance, unwrapList } from './tasks-api';

let fetchMock: ReturnType<typeof vi.fn>;
const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('tasks API', () => {
  it('lists tasks with the fixed query contract', async () => {
    fetchMock.mockImplementation(async () => ok({ items: [], total: 0 }));
    await listTasks({ scope: 'candidate', processKey: 'iom', overdue: true, page: 2, size: 20 });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/tasks?scope=candidate&processKey=iom&overdue=true&sort=dueAt&page=2&size=20');
    await listTasks({ scope: 'assigned', processKey: '', overdue: false, page: 1, size: 20 });
    expect(fetchMock.mock.calls[1][0]).toBe('/api/tasks?scope=assigned&sort=dueAt&page=1&size=20');
  });

  it('completes a task with { variables }', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await completeTask('t/1', { topic: 'ФГОС' });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/tasks/t%2F1/complete');
    expect(JSON.parse(init.body as string)).toEqual({ variables: { topic: 'ФГОС' } });
  });

  it('starts an instance with { processKey, variables }', async () => {
    fetchMock.mockResolvedValue(ok({ id: 'pi1' }));
    expect(await startInstance('iom')).toEqual({ id: 'pi1' });
    expect(JSON.parse((fetchMock.mock.calls[0][1] as RequestInit).body as string)).toEqual({ processKey: 'iom', variables: {} });
  });

  it('accepts definitions as an array or a page', async () => {
    const d = { id: 'p1', key: 'iom', version: 1, name: 'ИОМ' };
    fetchMock.mockResolvedValueOnce(ok([d]));
    expect(await listLatestDefinitions()).toEqual([d]);
    fetchMock.mockResolvedValueOnce(ok({ items: [d], total: 1 }));
    expect(await listLatestDefinitions()).toEqual([d]);
    expect(fetchMock.mock.calls[0][0]).toBe('/api/process-definitions?latest=true');
    expect(unwrapList(null)).toEqual([]);
  });
});
