import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { ok } from '../../support/fixtures.js';
import { startTestServer, TEST_ADMIN_PASSWORD } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { PROCESSES, variantResources } from '../variants/variant-support.js';

/** A variant folder's resources with its document templates (`documents/*.json`). */
function withDocuments(variant: string) {
  const dir = path.join(PROCESSES, variant, 'documents');
  return [...variantResources(variant), ...fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: `documents/${f}`, content: fs.readFileSync(path.join(dir, f), 'utf8') }))];
}

// The ИОМ header comes from the route's subject (ФИО, организация) and the campaign (муниципалитет); the position is the teacher's.
const HEADER = { municipalityName: 'Мотыгинский район', position: 'учитель математики' };
const FULL_NAMES: Record<string, string> = { 'd-teacher1': 'Лебедева Ольга Николаевна', 'd-teacher2': 'Громов Артём Павлович' };
const ROWS = [
  { deficitsTasks: 'Текстовые задачи', educationalTask: 'Освоить моделирование', workForms: 'Профсреда, практикум', period: 'март 2027', resultForm: 'Открытый урок' },
  { deficitsTasks: 'Функциональная грамотность', educationalTask: 'Пройти ДПП КК ИПК', workForms: 'Курсы ПК', period: 'апрель–май 2027', resultForm: 'Удостоверение' },
];

async function raw(s: TestServer, method: string, p: string, token: string): Promise<{ status: number; type: string | null; id: string | null; bytes: Buffer }> {
  const r = await fetch(`${s.url}${p}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, type: r.headers.get('content-type'), id: r.headers.get('x-document-id'), bytes: Buffer.from(await r.arrayBuffer()) };
}

/**
 * Documents of a real variant (Motygino's ИОМ in the format of its Порядок): the templates are
 * deployed with the variant, filled from the instance's variables and made as DOCX and PDF.
 */
describe('documents made from an instance (DOCX, PDF)', () => {
  let s: TestServer;
  const token: Record<string, string> = {};
  let instanceId: string;
  const userId: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer();
    const su = await s.login('admin', TEST_ADMIN_PASSWORD);
    await ok(s, 'POST', '/api/tenants', { key: 'doc-test', name: 'Документы', timeZone: 'Asia/Krasnoyarsk' }, su);
    const org = async (name: string, level: string, parentId?: string) => (await ok(s, 'POST', '/api/organizations', { tenant: 'doc-test', name, level, parentId }, su)).id as string;
    // the variant file first (levels), then the tenant admin deploys the folder with its templates
    await ok(s, 'POST', '/api/deployments', { tenant: 'doc-test', name: 'variant', resources: variantResources('motygino').filter((r) => r.name === 'variant.json') }, su);
    const krai = await org('Красноярский край', 'region');
    const mun = await org('Мотыгинский район', 'municipality', krai);
    const school1 = await org('МБОУ «Мотыгинская СОШ № 1»', 'school', mun);
    const school2 = await org('МБОУ «Раздолинская СОШ № 1»', 'school', mun);
    for (const [username, orgId, role] of [['d-admin', krai, 'admin'], ['d-curator', mun, 'kurator-municipal'], ['d-zavuch2', school2, 'zavuch-metodist'],
      ['d-teacher1', school1, 'uchastnik-iom'], ['d-teacher2', school2, 'uchastnik-iom']]) {
      userId[username] = (await ok(s, 'POST', '/api/users', { tenant: 'doc-test', username, password: 'password-123', fullName: FULL_NAMES[username] ?? username, memberships: [{ orgId, role }] }, su)).id;
      token[username] = await s.login(username, 'password-123');
    }
    const dep = await ok(s, 'POST', '/api/deployments', { name: 'motygino', resources: withDocuments('motygino') }, token['d-admin']);
    expect(dep.documentTemplates.map((t: any) => t.name)).toEqual(['documents/iom.json', 'documents/resource-map.json']);
    instanceId = (await ok(s, 'POST', '/api/process-instances', { processKey: 'iom', subjectId: userId['d-teacher1'], variables: { ...HEADER, iomRows: ROWS } }, token['d-curator'])).id;
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the instance lists the documents its variant declares, with their formats', async () => {
    const list = await ok(s, 'GET', `/api/process-instances/${instanceId}/documents`, undefined, token['d-curator']);
    expect(list.items.map((d: any) => ({ key: d.key, formats: d.formats, templateDeployed: d.templateDeployed }))).toEqual([
      { key: 'iom', formats: ['docx', 'pdf'], templateDeployed: true },
      { key: 'resource-map', formats: ['docx', 'pdf'], templateDeployed: true },
    ]);
    expect(list.items[0].name).toContain('Индивидуальный образовательный маршрут');
    expect(list.generated).toEqual([]);
  });

  test('the ИОМ as DOCX carries the header (ФИО and Организация of the route’s subject, Муниципалитет, Должность) and one table row per route row', async () => {
    const r = await raw(s, 'POST', `/api/process-instances/${instanceId}/documents/iom?format=docx`, token['d-curator']);
    expect(r.status).toBe(201);
    expect(r.type).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(r.bytes)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const s1 of ['Индивидуальный образовательный маршрут', 'ФИО (полностью)', 'Лебедева Ольга Николаевна', 'Муниципалитет', 'Мотыгинский район',
      'Организация', 'Должность', 'учитель математики', 'Образовательные задачи', 'Освоить моделирование', 'Пройти ДПП КК ИПК', 'апрель–май 2027', 'Удостоверение']) {
      expect(text).toContain(s1);
    }
    expect(text).toContain('Мотыгинская СОШ № 1');
    expect((xml.match(/<w:tr[ >]/g) ?? []).length).toBe(1 + ROWS.length);

    // stored with the instance; downloadable by id with the same bytes
    const list = await ok(s, 'GET', `/api/process-instances/${instanceId}/documents`, undefined, token['d-curator']);
    expect(list.generated).toEqual([expect.objectContaining({ id: r.id, key: 'iom', format: 'docx', size: r.bytes.length })]);
    const again = await raw(s, 'GET', `/api/documents/${r.id}`, token['d-curator']);
    expect(again.status).toBe(200);
    expect(again.bytes.equals(r.bytes)).toBe(true);
  });

  test('the ИОМ as PDF is a PDF with pages and the embedded Cyrillic font', async () => {
    const r = await raw(s, 'POST', `/api/process-instances/${instanceId}/documents/iom?format=pdf`, token['d-curator']);
    expect(r.status).toBe(201);
    expect(r.type).toBe('application/pdf');
    const pdf = r.bytes.toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf)?.[1])).toBeGreaterThanOrEqual(1);
    expect(pdf).toContain('Roboto');
    expect(r.bytes.length).toBeGreaterThan(5_000);
  });

  test('a user who cannot see the instance gets 404 for its documents; bad keys and formats are named', async () => {
    const r = await raw(s, 'POST', `/api/process-instances/${instanceId}/documents/iom?format=docx`, token['d-curator']);
    // the route is about d-teacher1 (she sees it); the other school's deputy head and teacher do not
    for (const t of [token['d-zavuch2'], token['d-teacher2']]) {
      expect((await s.call('GET', `/api/process-instances/${instanceId}/documents`, undefined, t)).status).toBe(404);
      expect((await raw(s, 'POST', `/api/process-instances/${instanceId}/documents/iom?format=pdf`, t)).status).toBe(404);
      expect((await raw(s, 'GET', `/api/documents/${r.id}`, t)).status).toBe(404);
    }
    const unknown = await s.call('POST', `/api/process-instances/${instanceId}/documents/passport`, undefined, token['d-curator']);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('passport');
    const fmt = await s.call('POST', `/api/process-instances/${instanceId}/documents/iom?format=odt`, undefined, token['d-curator']);
    expect(fmt.status).toBe(400);
    expect(JSON.stringify(fmt.body)).toContain('format');
    expect((await raw(s, 'GET', '/api/documents/00000000-0000-0000-0000-000000000000', token['d-curator'])).status).toBe(404);
  });

  test('a broken template is refused at deploy, naming the resource and the field', async () => {
    const bad = await s.call('POST', '/api/deployments', { name: 'bad', resources: [{ name: 'documents/broken.json', content: JSON.stringify({ title: 'Т', fields: [{ label: 'Поле', value: 'a +' }] }) }] }, token['d-admin']);
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.objectContaining({ resource: 'documents/broken.json', message: expect.stringContaining('fields[0].value') })]);
  });
});
