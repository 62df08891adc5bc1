/**
 * A statement that fails is logged without its parameters: no instance variables, no personal
 * data, no megabytes of JSON — the log line names the request, the statement in short form and the
 * process instance it was about (issue #17: one 1 MB request wrote a 3 MB log line with everything
 * in it). The database is made to fail by a trigger on `process_instance`, as a bug or a full disk
 * would.
 */
import { createTenantFixture, deploy, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { sql } from '../identity/identity-fixtures.js';

const FLOW = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="logged" name="Журнал" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:userTask id="t1" name="Задача"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2" />
    <bpmn:userTask id="t2" name="Вторая"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="methodist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

/** Personal data in the instance's variables: must never reach a log line. */
const SECRET = 'Иванова Мария Петровна, СНИЛС 112-233-445 95';

describe('logs: a failed statement names the statement and the instance, never its parameters', () => {
  let s: TestServer;
  let f: TenantFixture;
  let lines: string[] = [];
  const writes: { stream: NodeJS.WriteStream; write: NodeJS.WriteStream['write'] }[] = [];

  beforeAll(async () => {
    s = await startTestServer({ LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
    f = await createTenantFixture(s, 'logs');
    await deploy(s, f, [{ name: 'logged.bpmn', content: FLOW }]);
    // A failure of the instance's update once a completion carries the marker: either raised, or
    // PostgreSQL's own cast error, whose message quotes the value (the secret) it could not cast.
    await sql(s, `CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.engine_state::text LIKE '%raise-now%' THEN RAISE EXCEPTION 'trigger refused the update'; END IF;
        IF NEW.engine_state::text LIKE '%cast-now%' THEN PERFORM (NEW.engine_state #>> ARRAY['elements', NEW.id::text, 'variables', 'secret'])::int; END IF;
        RETURN NEW;
      END $$`);
    await sql(s, `CREATE TRIGGER fail_on_marker BEFORE UPDATE ON process_instance FOR EACH ROW EXECUTE FUNCTION fail_on_marker()`);
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      writes.push({ stream, write });
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        return (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as NodeJS.WriteStream['write'];
    }
  });
  afterAll(async () => {
    for (const { stream, write } of writes) stream.write = write;
    await s?.close();
  });

  const startWithSecret = async () => {
    const inst = await ok(s, 'POST', '/api/process-instances', { processKey: 'logged', variables: { secret: SECRET, big: 'Я'.repeat(200_000 / 2) } }, f.tokens.teacher11);
    const task = (await ok(s, 'GET', `/api/tasks?processInstanceId=${inst.id}`, undefined, f.tokens.methodist11)).items[0];
    return { inst, task };
  };
  const logged = () => lines.map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return { message: l };
    }
  });

  test('an unexpected failure (500): the lines name the statement and the instance; no variable, no parameter', async () => {
    const { inst, task } = await startWithSecret();
    lines = [];
    const r = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { note: 'raise-now' } }, f.tokens.methodist11, { 'accept-language': 'ru' });
    expect(r.status).toBe(500);
    expect(r.body.message).not.toContain('trigger');
    const errors = logged().filter((l) => l.level === 'error');
    // TypeORM's failed query and the request's error, both naming the statement (the command's one
    // write: a statement over the tables it writes, process_instance among them) and this instance
    const statement = /^(WITH|UPDATE) [a-z_, ]*process_instance/;
    expect(errors.map((l) => l.context).sort()).toEqual(['Api', 'Database']);
    const db = errors.find((l) => l.context === 'Database')!;
    expect(String(db.message)).toMatch(/^query failed \(/);
    expect(String(db.message).slice('query failed ('.length)).toMatch(statement);
    expect(String(db.message)).toMatch(/: trigger refused the update$/);
    const api = errors.find((l) => l.context === 'Api')!;
    expect(String(api.message)).toMatch(new RegExp(`^POST /api/tasks/${task.id}/complete failed in ${statement.source.slice(1)}.*\\(object ${task.id}\\): trigger refused the update`));
    for (const l of errors) expect(l.instanceIds).toEqual([inst.id]);
    const text = lines.join('\n');
    expect(text).not.toContain(SECRET.slice(0, 12));
    expect(text).not.toContain('raise-now');
    expect(text).not.toContain('ЯЯЯЯ');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(3000);
    // nothing was written: the task is still open
    expect((await ok(s, 'GET', `/api/tasks/${task.id}`, undefined, f.tokens.methodist11)).id).toBe(task.id);
  });

  test('a value PostgreSQL quotes in its message (a cast of the secret) is not in the log; the answer is a 400', async () => {
    const { inst, task } = await startWithSecret();
    lines = [];
    const r = await s.call('POST', `/api/tasks/${task.id}/complete`, { variables: { note: 'cast-now' } }, f.tokens.methodist11, { 'accept-language': 'ru' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).not.toContain(SECRET.slice(0, 12));
    const lineOfIt = logged().filter((l) => String(l.message).includes('invalid input syntax for type integer'));
    expect(lineOfIt.length).toBeGreaterThan(0);
    for (const l of lineOfIt) {
      expect(l.message).toContain('invalid input syntax for type integer: "…"');
      expect(l.instanceIds).toEqual([inst.id]);
    }
    expect(lines.join('\n')).not.toContain(SECRET.slice(0, 12));
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  });
});
