import pg from 'pg';
import { createTenantFixture, deploy, ok, resourcesBeside } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { freePort, SmtpTestServer } from './smtp-test-server.js';
import { advanceBy, deploySupervision, startSupport, taskOf } from '../supervision/supervision-helpers.js';

const resource = resourcesBeside(import.meta.url);

/** Reads server-sent events from a fetch body until one satisfies `pred`. */
class EventReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async close(): Promise<void> {
    await this.reader.cancel();
  }

  async next(pred: (data: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      let cut: number;
      while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
        const frame = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data && /^event: notification$/m.test(frame)) {
          const parsed = JSON.parse(data);
          if (pred(parsed)) return parsed;
        }
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error('no matching server-sent event');
      const chunk = await Promise.race([this.reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (!chunk) throw new Error('no matching server-sent event');
      if (chunk.done) throw new Error('the event stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }
}

async function until<T>(fn: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notifications: in-app with a live stream, e-mail through the outbox over SMTP, reminders and digests', () => {
  let s: TestServer;
  let f: TenantFixture;
  let smtp: SmtpTestServer;
  const email = (u: string) => `${u}@school.example`;

  beforeAll(async () => {
    smtp = new SmtpTestServer(await freePort());
    await smtp.start();
    s = await startTestServer({
      ENGINE_CLOCK: 'simulated',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'Маршруты <routes@region.example>',
      MAIL_RETRY_BASE_MS: '300',
      MAIL_POLL_INTERVAL_MS: '200',
      DIGEST_ENABLED: 'true',
    });
    f = await createTenantFixture(s, 'mail-region');
    await deploySupervision(s, f);
    await deploy(s, f, [resource('notifications.notify.bpmn')]);
    for (const u of ['teacher11', 'teacher12', 'municipal1', 'municipal2', 'centre', 'supervisor1']) {
      await ok(s, 'PATCH', `/api/users/${f.users[u]}`, { email: email(u) }, f.superToken);
    }
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.stop();
  });

  test('given a task is created, its candidates are told in the app (live, over SSE) and by e-mail; others are not', async () => {
    const res = await fetch(`${s.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${f.tokens.teacher11}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = new EventReader(res.body!.getReader());
    expect(await events.next(() => true)).toEqual({ unread: 0, latest: null });

    const inst = await startSupport(s, f, f.orgs.school11);
    const live = await events.next((d) => d.unread === 1);
    expect(live.latest).toMatchObject({ kind: 'task-created', subject: 'Новая задача: Выбор направлений — Администратор региона (Регион)', processInstanceId: inst.id });
    await events.close();
    // a stream left open does not hold up the server's shutdown (afterAll)
    const open = await fetch(`${s.url}/api/notifications/stream`, { headers: { authorization: `Bearer ${f.tokens.municipal1}` } });
    expect(open.status).toBe(200);

    const mine = await ok(s, 'GET', '/api/notifications', undefined, f.tokens.teacher11);
    expect(mine).toMatchObject({ total: 1, unread: 1 });
    expect(mine.items[0].body).toMatch(/Срок: /);
    // who the route is about (started by the administrator, about the administrator)
    expect(mine.items[0].body).toMatch(/Чей маршрут: Администратор региона \(Регион\)/);
    expect((await ok(s, 'GET', '/api/notifications', undefined, f.tokens.teacher12)).total).toBe(0);

    const mail = await smtp.waitFor(email('teacher11'), /^Новая задача: Выбор направлений — Администратор региона \(Регион\)$/);
    expect(mail.from).toBe('routes@region.example');
    expect(smtp.received.filter((m) => m.to.includes(email('teacher12')))).toEqual([]);

    // read one, read all; somebody else's is not found
    expect((await s.call('POST', `/api/notifications/${mine.items[0].id}/read`, undefined, f.tokens.teacher12)).status).toBe(404);
    expect((await ok(s, 'POST', `/api/notifications/${mine.items[0].id}/read`, undefined, f.tokens.teacher11)).readAt).toEqual(expect.any(String));
    expect(await ok(s, 'GET', '/api/notifications/unread-count', undefined, f.tokens.teacher11)).toEqual({ unread: 0 });
    expect(await ok(s, 'POST', '/api/notifications/read-all', undefined, f.tokens.teacher11)).toEqual({ updated: 0 });
  });

  test('given the mail server is down when a message is sent, then the message waits in the outbox and is delivered once it is back', async () => {
    await smtp.stop();
    const before = smtp.received.length;
    await startSupport(s, f, f.orgs.school12);
    const failed = await until(
      () => ok(s, 'GET', '/api/notifications/outbox', undefined, f.tokens['t-admin']),
      (o: any) => o.items.some((m: any) => m.to === email('teacher12') && m.attempts >= 1),
    );
    const row = failed.items.find((m: any) => m.to === email('teacher12'));
    expect(row).toMatchObject({ state: 'pending', subject: 'Новая задача: Выбор направлений — Администратор региона (Регион)' });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(smtp.received.length).toBe(before);
    // the in-app notification did not wait for the mail server
    expect((await ok(s, 'GET', '/api/notifications', undefined, f.tokens.teacher12)).unread).toBe(1);

    await smtp.start();
    await smtp.waitFor(email('teacher12'), /^Новая задача: Выбор направлений — Администратор региона \(Регион\)$/);
    const sent = await until(
      () => ok(s, 'GET', '/api/notifications/outbox?state=sent', undefined, f.tokens['t-admin']),
      (o: any) => o.items.some((m: any) => m.to === email('teacher12')),
    );
    expect(sent.items.find((m: any) => m.to === email('teacher12')).attempts).toBeGreaterThanOrEqual(2);
    expect(smtp.received.filter((m) => m.to.includes(email('teacher12')))).toHaveLength(1);
    // only administrators see the outbox
    expect((await s.call('GET', '/api/notifications/outbox', undefined, f.tokens.teacher12)).status).toBe(403);
  });

  test('given a task falls due in 14 days, its candidate is reminded one day before; a task completed earlier is not', async () => {
    const a = await startSupport(s, f, f.orgs.school11);
    const b = await startSupport(s, f, f.orgs.school11);
    await ok(s, 'POST', `/api/tasks/${(await taskOf(s, f, b.id, 'plan')).id}/complete`, { variables: {} }, f.tokens.teacher11);
    await advanceBy(s, f, 'P12D');
    const remindersOf = async () =>
      (await ok(s, 'GET', '/api/notifications?size=200', undefined, f.tokens.teacher11)).items.filter((n: any) => n.kind === 'task-due-soon');
    expect(await remindersOf()).toEqual([]);
    await advanceBy(s, f, 'P1DT1H');
    const reminders = await remindersOf();
    // the first test's task and a's, not b's
    expect(reminders.map((n: any) => n.processInstanceId)).toContain(a.id);
    expect(reminders.map((n: any) => n.processInstanceId)).not.toContain(b.id);
    expect(reminders[0].subject).toBe('Срок задачи истекает: Выбор направлений — Администратор региона (Регион)');
    await smtp.waitFor(email('teacher11'), /^Срок задачи истекает: Выбор направлений — Администратор региона \(Регион\)$/);
  });

  test('given a reminder that fires after its task already fell due (the server was down, say), no «срок истекает» goes out', async () => {
    const c = await startSupport(s, f, f.orgs.school11);
    const task = await taskOf(s, f, c.id, 'plan');
    // its deadline now lies before the reminder's time, as when the reminder comes late
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE user_task SET due_at = due_at - interval '2 days' WHERE id = $1`, [task.id]);
    } finally {
      await db.end();
    }
    const fired = await advanceBy(s, f, 'P13DT1H');
    expect(fired.jobs.some((j: any) => j.kind === 'task-reminder')).toBe(true);
    const reminders = (await ok(s, 'GET', '/api/notifications?size=200', undefined, f.tokens.teacher11)).items
      .filter((n: any) => n.kind === 'task-due-soon' && n.processInstanceId === c.id);
    expect(reminders).toEqual([]);
  });

  test('given a notify service task, the role holders at the instance’s municipality and the named users are told', async () => {
    await ok(s, 'POST', '/api/process-instances', { processKey: 'tell-municipal', orgId: f.orgs.school12, variables: { teacherName: 'Петрова' } }, f.tokens['t-admin']);
    const got = async (u: string) => (await ok(s, 'GET', '/api/notifications', undefined, f.tokens[u])).items.filter((n: any) => n.kind === 'process-notification');
    expect((await got('municipal1')).map((n: any) => [n.subject, n.body])).toEqual([['Затруднения: Петрова', 'Педагог просит помощи.']]);
    expect(await got('centre')).toHaveLength(1);
    expect(await got('municipal2')).toEqual([]);
    await smtp.waitFor(email('municipal1'), /^Затруднения: Петрова$/);
  });

  test('given overdue tasks, the supervisor gets the daily digest at 08:00 local time, in the app and by e-mail', async () => {
    // past the first tasks' due dates: digests went out each morning since they fell due
    await advanceBy(s, f, 'P3D');
    const digestsOf = async (u: string) => (await ok(s, 'GET', '/api/notifications?size=200', undefined, f.tokens[u])).items.filter((n: any) => n.kind === 'digest');
    const before = (await digestsOf('supervisor1')).length;
    expect(before).toBeGreaterThanOrEqual(1);
    // to the next 08:00 in Kamchatka (UTC+12): exactly one more
    const now = new Date((await ok(s, 'GET', '/api/clock', undefined, f.tokens['t-admin'])).now);
    const local = new Date(now.getTime() + 12 * 3_600_000);
    const next8 = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + (local.getUTCHours() >= 8 ? 1 : 0), 8) - 12 * 3_600_000;
    await ok(s, 'POST', '/api/clock/advance', { to: new Date(next8 + 60_000).toISOString() }, f.tokens['t-admin']);
    const digests = await digestsOf('supervisor1');
    expect(digests).toHaveLength(before + 1);
    const alerts = await ok(s, 'GET', '/api/alerts?acknowledged=false', undefined, f.tokens.supervisor1);
    expect(alerts.total).toBeGreaterThan(0);
    expect(digests[0].subject).toBe(`Сводка просрочек: ${alerts.total}`);
    expect(digests[0].body).toMatch(/Школа 1-1/);
    expect(new Date(digests[0].createdAt).toISOString()).toBe(new Date(next8).toISOString());
    await smtp.waitFor(email('supervisor1'), /^Сводка просрочек: \d+$/);
    // nobody without alerts in their subtree gets one
    expect(await digestsOf('teacher11')).toEqual([]);
  });
});
