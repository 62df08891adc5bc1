/**
 * The OpenAPI document (`/api/docs-json`) describes every field and endpoint of the route as a case:
 * the subject of an instance and of a task, starting about someone, whom one may start about, the
 * routes about me, reassigning, raising a message, the alerts of deactivated assignees, and the
 * indicators' kinds, periods and breakdowns — with the error answers of the new operations.
 */
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

interface Schema { properties?: Record<string, { $ref?: string; items?: { $ref?: string }; enum?: string[]; allOf?: { $ref: string }[] }>; allOf?: { $ref: string }[] }
interface Operation { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }

describe('OpenAPI: the route as a case is documented', () => {
  let s: TestServer;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  beforeAll(async () => {
    s = await startTestServer();
    doc = (await s.call<any>('GET', '/api/docs-json')).body;
  });
  afterAll(async () => {
    await s?.close();
  });

  const op = (path: string, method: string) => {
    const o = doc.paths[path]?.[method];
    if (!o) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
    return o;
  };
  /** The schema a property or an answer names (a nullable reference is an `allOf` of one). */
  const ref = (x: { $ref?: string; allOf?: { $ref: string }[] } | undefined) => (x?.$ref ?? x?.allOf?.[0]?.$ref)?.replace('#/components/schemas/', '');
  const responseSchema = (o: Operation, status: string) => ref(o.responses[status]?.content?.['application/json']?.schema);
  const bodySchema = (o: Operation) => ref(o.requestBody?.content['application/json']?.schema);
  /** The properties of a schema, those of the schemas it extends included. */
  const props = (name: string): Record<string, NonNullable<Schema['properties']>[string]> => {
    const sc = doc.components.schemas[name];
    if (!sc) throw new Error(`schema ${name} is not in the OpenAPI document`);
    return Object.assign({}, ...(sc.allOf ?? []).map((a) => (a.$ref ? props(ref(a)!) : {})), sc.properties ?? {});
  };
  const params = (o: Operation) => (o.parameters ?? []).map((p) => p.name);

  test('the subject: on instances, their list rows and steps, on inbox rows and on one task; subjectId on the start', () => {
    expect(Object.keys(props('SubjectView')).sort()).toEqual(['fullName', 'id', 'orgId', 'orgName']);
    for (const view of ['InstanceView', 'TaskView', 'TaskDetailView']) expect(ref(props(view).subject)).toBe('SubjectView');
    expect(props('InstanceView')).toHaveProperty('currentSteps');
    expect(props('InstanceView')).toHaveProperty('nextDueAt');
    expect(props('InstanceView')).toHaveProperty('raisable');
    expect(ref(props('InstanceView').raisableEvents.items)).toBe('RaisableEventView');
    expect(Object.keys(props('RaisableEventView')).sort()).toEqual(['message', 'name']);
    expect(ref(props('InstanceListView').items.items)).toBe('InstanceView');
    expect(responseSchema(op('/api/tasks/{id}', 'get'), '200')).toBe('TaskDetailView');

    const start = op('/api/process-instances', 'post');
    expect(bodySchema(start)).toBe('StartInstanceDto');
    expect(props('StartInstanceDto')).toHaveProperty('subjectId');
    expect(responseSchema(start, '201')).toBe('InstanceView');
    for (const status of ['400', '403', '404']) expect(responseSchema(start, status)).toBe('ApiErrorView');
    expect(params(op('/api/process-instances', 'get'))).toContain('subject');
    expect(params(op('/api/tasks', 'get'))).toContain('q');

    const subjects = op('/api/process-definitions/{id}/subjects', 'get');
    expect(params(subjects)).toEqual(expect.arrayContaining(['id', 'q']));
    expect(responseSchema(subjects, '200')).toBe('StartSubjectListView');
    expect(ref(props('StartSubjectListView').items.items)).toBe('StartSubjectView');
  });

  test('reassign and raise: body, answer and every refusal', () => {
    const reassign = op('/api/tasks/{id}/assignee', 'post');
    expect(bodySchema(reassign)).toBe('ReassignTaskDto');
    expect(Object.keys(props('ReassignTaskDto')).sort()).toEqual(['comment', 'userId']);
    expect(responseSchema(reassign, '200')).toBe('ReassignedTaskView');
    expect(Object.keys(props('ReassignedTaskView')).sort()).toEqual(['assignee', 'assigneeName', 'comment', 'from', 'id']);
    for (const status of ['400', '403', '404', '409']) expect(responseSchema(reassign, status)).toBe('ApiErrorView');

    const picker = op('/api/tasks/{id}/assignee-candidates', 'get');
    expect(params(picker)).toEqual(expect.arrayContaining(['id', 'q']));
    expect(responseSchema(picker, '200')).toBe('ReassignCandidateListView');
    for (const status of ['403', '404']) expect(responseSchema(picker, status)).toBe('ApiErrorView');

    const raise = op('/api/process-instances/{id}/messages', 'post');
    expect(bodySchema(raise)).toBe('RaiseMessageDto');
    expect(Object.keys(props('RaiseMessageDto')).sort()).toEqual(['name', 'variables']);
    expect(responseSchema(raise, '200')).toBe('InstanceView');
    for (const status of ['400', '403', '404', '409']) expect(responseSchema(raise, status)).toBe('ApiErrorView');
    expect(Object.keys(props('ApiErrorView'))).toEqual(expect.arrayContaining(['statusCode', 'message', 'code', 'fields']));
  });

  test('alerts of deactivated assignees; indicators: kinds, periods, breakdown, export', () => {
    expect(props('AlertView').kind.enum).toContain('assignee-inactive');
    expect(props('AlertView')).toHaveProperty('assigneeName');
    expect(params(op('/api/alerts', 'get'))).toContain('kind');
    expect(props('IndicatorValueView').kind.enum).toEqual(['share', 'count', 'sum']);
    expect(ref(props('IndicatorValueView').breakdown.items)).toBe('IndicatorBreakdownView');
    expect(props('IndicatorValueView')).toHaveProperty('breakdownLevel');
    expect(props('IndicatorListView')).toHaveProperty('periodTitle');
    for (const path of ['/api/indicators', '/api/indicators/export']) expect(params(op(path, 'get'))).toEqual(expect.arrayContaining(['period', 'from', 'to', 'orgId']));
    expect(params(op('/api/indicators/export', 'get'))).toContain('format');
  });
});
