import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { decodeText, readTable } from './table-reader.js';

describe('import table reader', () => {
  const csv = 'Логин;ФИО\nivanov;Иванов Иван Иванович\n';

  test('UTF-8 (with or without BOM) and Windows-1251 are told apart and read the same', async () => {
    const utf8 = await readTable(Buffer.from(csv, 'utf8'), 'a.csv');
    const bom = await readTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'a.csv');
    const cp1251 = await readTable(iconv.encode(csv, 'win1251'), 'a.csv');
    expect(utf8).toMatchObject({ encoding: 'utf-8', header: ['Логин', 'ФИО'], rows: [{ row: 2, cells: ['ivanov', 'Иванов Иван Иванович'] }] });
    expect(bom.header).toEqual(['Логин', 'ФИО']);
    expect(cp1251).toMatchObject({ encoding: 'windows-1251', header: ['Логин', 'ФИО'], rows: [{ row: 2, cells: ['ivanov', 'Иванов Иван Иванович'] }] });
  });

  test('a chosen encoding wins over detection', () => {
    const bytes = iconv.encode('Ёлка', 'win1251');
    expect(decodeText(bytes, 'windows-1251').text).toBe('Ёлка');
    expect(decodeText(bytes, 'utf-8').text).not.toBe('Ёлка');
  });

  test('XLSX: the first sheet, header first, empty lines skipped', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Люди');
    ws.addRow(['Логин', 'ФИО']);
    ws.addRow([]);
    ws.addRow(['petrova', 'Петрова Анна']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const t = await readTable(bytes, 'people.xlsx');
    expect(t).toMatchObject({ format: 'xlsx', encoding: null, header: ['Логин', 'ФИО'], rows: [{ row: 3, cells: ['petrova', 'Петрова Анна'] }] });
  });

  test('an empty file or broken XLSX is refused in Russian', async () => {
    await expect(readTable(Buffer.alloc(0), 'a.csv')).rejects.toThrow(/Файл пуст/);
    await expect(readTable(Buffer.from('PK\u0003\u0004garbage'), 'a.xlsx')).rejects.toThrow(/XLSX/);
  });
});
