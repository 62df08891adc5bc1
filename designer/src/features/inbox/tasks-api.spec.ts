import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completeTask, listInstanceTasks, listLatestDefinitions, listTasks, startableDefinitions, startInstance, unwrapList } from './tasks-api';

let fetchMock: ReturnType<typeof vi.fn>;
const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('tasks API', () => {
  it('lists tasks with the server query contract (scope, process, organisation, overdue, sort, page)', async () => {
    fetchMock.mockImplementation(async () => ok({ items: [], total: 0 }));
    const org = '0f8fad5b-d9cb-469f-a165-70867728950e';
    await listTasks({ q: '', scope: 'candidate', processKey: 'iom', orgId: org, due: 'overdue', sort: '-dueAt', page: 2, size: 20 });
    expect(fetchMock.mock.calls[0][0]).toBe(`/api/tasks?scope=candidate&processKey=iom&orgId=${org}&overdue=true&sort=-dueAt&page=2&size=20`);
    await listTasks({ q: '', scope: 'assigned', processKey: '', orgId: '', due: '', sort: 'dueAt', page: 1, size: 20 });
    expect(fetchMock.mock.calls[1][0]).toBe('/api/tasks?scope=assigned&sort=dueAt&page=1&size=20');
    await listTasks({ q: '', scope: 'all', processKey: '', orgId: '', due: 'onTime', sort: 'createdAt', page: 1, size: 20 });
    expect(fetchMock.mock.calls[2][0]).toBe('/api/tasks?scope=all&overdue=false&sort=createdAt&page=1&size=20');
    // search and "due this week" (not overdue, due before next Monday)
    await listTasks({ q: 'Иванова', scope: 'all', processKey: '', orgId: '', due: 'week', sort: 'dueAt', page: 1, size: 20 }, new Date(2026, 11, 3, 12));
    const week = new URL(fetchMock.mock.calls[3][0] as string, 'http://x');
    expect(Object.fromEntries(week.searchParams)).toMatchObject({ q: 'Иванова', overdue: 'false', dueBefore: new Date(2026, 11, 7).toISOString() });
  });

  it('asks for the tasks of one instance after a start', async () => {
    fetchMock.mockImplementation(async () => ok({ items: [], total: 0 }));
    await listInstanceTasks('pi-1');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/tasks?scope=all&processInstanceId=pi-1&sort=createdAt&page=1&size=5');
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

  it('starts for a chosen organisation when given', async () => {
    fetchMock.mockResolvedValue(ok({ id: 'pi2' }));
    await startInstance('iom', {}, 'org-1');
    expect(JSON.parse((fetchMock.mock.calls[0][1] as RequestInit).body as string)).toEqual({ processKey: 'iom', variables: {}, orgId: 'org-1' });
  });
});

describe('startableDefinitions', () => {
  const defs = [
    { id: '1', key: 'iom', version: 1, name: 'ИОМ' },
    { id: '2', key: 'monitoring', version: 1, name: 'Мониторинг' },
    { id: '3', key: 'free', version: 1, name: 'Свободный' },
  ];
  const variants = [{ key: 'v', processes: { iom: { startRoles: ['teacher'] }, monitoring: { startRoles: ['municipal'] } } }];
  it('keeps the processes whose start roles the user holds, and the unrestricted ones', () => {
    expect(startableDefinitions(defs, variants, ['teacher']).map((d) => d.key)).toEqual(['iom', 'free']);
    expect(startableDefinitions(defs, variants, ['methodist']).map((d) => d.key)).toEqual(['free']);
  });
  it('offers everything to an admin and when no variant restricts', () => {
    expect(startableDefinitions(defs, variants, ['admin'])).toHaveLength(3);
    expect(startableDefinitions(defs, [], ['teacher'])).toHaveLength(3);
  });
});
