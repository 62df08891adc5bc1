import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { createTenantFixture, ok } from '../../support/fixtures.js';
import type { TenantFixture } from '../../support/fixtures.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

/** Russian messages: the import is read by administrators in Russian (the test client asks for English otherwise). */
const RU = { 'accept-language': 'ru' };

/** Starts an import of `text` (encoded as `encoding`) and waits for it to finish. */
async function importFile(s: TestServer, token: string, kind: 'organizations' | 'users', bytes: Buffer, extra: Record<string, unknown> = {}) {
  const started = await s.call('POST', '/api/imports', { kind, fileName: 'file.csv', content: bytes.toString('base64'), ...extra }, token, RU);
  if (started.status !== 202) return started;
  let view = started.body;
  const seen: number[] = [];
  while (view.state === 'running') {
    seen.push(view.done);
    await new Promise((r) => setTimeout(r, 100));
    view = await ok(s, 'GET', `/api/imports/${view.id}`, undefined, token);
  }
  return { status: 200, body: { ...view, seen } };
}

const users = (n: number, from = 1) => [
  'логин;ФИО;почта;пароль;организация;роль',
  ...Array.from({ length: n }, (_, i) => `imp.user${i + from};Сотрудник ${i + from} Иванович;u${i + from}@school.ru;password-${i + from}00;Регион/Район 1/Школа 1-1;Педагог`),
].join('\r\n');

describe('import of organisations and users (CSV, XLSX): all or nothing, Russian, both encodings', () => {
  let s: TestServer;
  let f: TenantFixture;
  const userCount = async () => (await ok(s, 'GET', '/api/users?size=1', undefined, f.tokens['t-admin'])).total as number;
  const orgNames = async () => (await ok(s, 'GET', '/api/organizations', undefined, f.tokens['t-admin'])).map((o: any) => o.name) as string[];
  beforeAll(async () => {
    s = await startTestServer();
    f = await createTenantFixture(s, 'import-region');
  });
  afterAll(async () => {
    await s.close();
  });

  // 200 argon2 hashes: minutes on a loaded machine
  test('given 200 users in a UTF-8 CSV, then all are created with their role, and progress was reported', async () => {
    const before = await userCount();
    const r = await importFile(s, f.tokens['t-admin'], 'users', Buffer.from(users(200), 'utf8'));
    expect(r.body).toMatchObject({ state: 'done', kind: 'users', format: 'csv', encoding: 'utf-8', total: 200, done: 200, created: 200, refused: [] });
    expect(await userCount()).toBe(before + 200);
    const one = (await ok(s, 'GET', '/api/users?q=imp.user137', undefined, f.tokens['t-admin'])).items[0];
    expect(one).toMatchObject({ username: 'imp.user137', fullName: 'Сотрудник 137 Иванович' });
    expect(await s.login('imp.user137', 'password-13700')).toBeTruthy();
  }, 900_000);

  test('given a Windows-1251 CSV of organisations and users, then Cyrillic reads right (detected, or chosen)', async () => {
    const orgs = 'Название;Уровень;Родитель\nШкола № 7 «Ёлочка»;school;Регион/Район 2\n';
    const r = await importFile(s, f.tokens['t-admin'], 'organizations', iconv.encode(orgs, 'win1251'));
    expect(r.body).toMatchObject({ state: 'done', encoding: 'windows-1251', created: 1 });
    expect(await orgNames()).toContain('Школа № 7 «Ёлочка»');
    const people = 'Логин;ФИО;Пароль;Организация;Роль\nelochka.teacher;Щукина Юлия Эдуардовна;password-123;Регион/Район 2/Школа № 7 «Ёлочка»;teacher\n';
    const chosen = await importFile(s, f.tokens['t-admin'], 'users', iconv.encode(people, 'win1251'), { encoding: 'windows-1251' });
    expect(chosen.body).toMatchObject({ state: 'done', encoding: 'windows-1251', created: 1 });
    expect((await ok(s, 'GET', '/api/users?q=elochka', undefined, f.tokens['t-admin'])).items[0].fullName).toBe('Щукина Юлия Эдуардовна');
  });

  test('given wrong columns, then the file is refused naming them, and nothing is written', async () => {
    const before = await userCount();
    const r = await importFile(s, f.tokens['t-admin'], 'users', Buffer.from('логин;имя;пароль;организация;должность\nx.y;Икс;password-1;Регион;Педагог\n'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('import.badColumns');
    expect(r.body.message).toMatch(/нет столбцов «ФИО»/i);
    expect(r.body.message).toMatch(/неизвестные столбцы «имя», «должность»/);
    expect(await userCount()).toBe(before);
  });

  test('given one bad row among good ones, then the rows are named, and nothing at all is written (one transaction)', async () => {
    const before = await userCount();
    const orgsBefore = await orgNames();
    const csv = [
      users(3, 500),
      'imp.bad1;Плохой Пароль;;short;Регион/Район 1/Школа 1-1;Педагог',
      'imp.bad2;Нет Организации;;password-123;Регион/Нет такого;Педагог',
      'imp.bad3;Не та роль;;password-123;Регион/Район 1/Школа 1-1;ММС',
      'imp.user500;Повтор;;password-123;Регион/Район 1/Школа 1-2;Методист ОО',
      't-admin;Занятый Логин;;password-123;Регион/Район 1/Школа 1-1;Педагог',
    ].join('\n');
    const r = await importFile(s, f.tokens['t-admin'], 'users', Buffer.from(csv, 'utf8'));
    expect(r.body.state).toBe('refused');
    expect(r.body.created).toBe(0);
    expect(r.body.message).toMatch(/Ничего не записано/);
    expect(r.body.refused).toEqual([
      { row: 5, reason: 'пароль короче 8 символов' },
      { row: 6, reason: expect.stringMatching(/^организация «Регион\/Нет такого» не найдена/) },
      { row: 7, reason: expect.stringMatching(/^роль «ММС» бывает на уровне «municipality»/) },
      { row: 9, reason: 'логин «t-admin» уже занят' },
    ]);
    // row 8 repeats a login of the file: one more role for that user, not a refusal
    expect(await userCount()).toBe(before);
    expect((await ok(s, 'GET', '/api/users?q=imp.user500', undefined, f.tokens['t-admin'])).items).toEqual([]);
    expect(await orgNames()).toEqual(orgsBefore);
  });

  test('given an XLSX of organisations, then its first sheet is imported; a row refused there names its line', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Организации');
    ws.addRow(['Название', 'Уровень', 'Родитель']);
    ws.addRow(['Школа 1-3', 'school', 'Регион/Район 1']);
    ws.addRow(['Школа 1-4', 'school', 'Регион/Район 1']);
    const good = await importFile(s, f.tokens['t-admin'], 'organizations', Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'orgs.xlsx' });
    expect(good.body).toMatchObject({ state: 'done', format: 'xlsx', created: 2 });
    ws.addRow(['Школа 1-5', 'планета', 'Регион/Район 1']);
    const bad = await importFile(s, f.tokens['t-admin'], 'organizations', Buffer.from(await wb.xlsx.writeBuffer()), { fileName: 'orgs.xlsx' });
    expect(bad.body.state).toBe('refused');
    expect(bad.body.refused).toEqual([
      { row: 2, reason: 'организация «Школа 1-3» уже есть в «Район 1»' },
      { row: 3, reason: 'организация «Школа 1-4» уже есть в «Район 1»' },
      { row: 4, reason: expect.stringMatching(/^уровень «планета» не объявлен вариантом/) },
    ]);
  });

  test('who may import: administrators of the tenant; others are refused, other tenants’ imports are not found', async () => {
    const r = await s.call('POST', '/api/imports', { kind: 'users', content: Buffer.from(users(1, 900)).toString('base64') }, f.tokens.teacher11, RU);
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/только администраторы/);
    const mine = await s.call('POST', '/api/imports', { kind: 'users', content: Buffer.from(users(1, 901)).toString('base64') }, f.tokens['t-admin']);
    expect(mine.status).toBe(202);
    expect((await s.call('GET', `/api/imports/${mine.body.id}`, undefined, f.tokens.teacher11)).status).toBe(404);
    const bad = await s.call('POST', '/api/imports', { kind: 'people', content: 'не base64!' }, f.tokens['t-admin']);
    expect(bad.status).toBe(400);
    const empty = await s.call('POST', '/api/imports', { kind: 'users', content: '' }, f.tokens['t-admin']);
    expect(empty.status).toBe(400);
  });
});
