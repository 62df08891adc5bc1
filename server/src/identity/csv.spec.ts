import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  test('reads ; separated text with a BOM, CRLF, quotes and empty lines; rows keep their line numbers', () => {
    const rows = parseCsv('\uFEFFName;Level;Parent\r\n"A ""B""; c";school;\r\n\r\nD;region;X/Y\r\n', ['name', 'level', 'parent']);
    expect(rows).toEqual([
      { row: 2, cells: { name: 'A "B"; c', level: 'school', parent: '' } },
      { row: 4, cells: { name: 'D', level: 'region', parent: 'X/Y' } },
    ]);
  });

  test('reads , separated text without a final newline', () => {
    expect(parseCsv('name,level,parent\nA,b,c', ['name'])).toEqual([{ row: 2, cells: { name: 'A', level: 'b', parent: 'c' } }]);
  });

  test('names the missing columns', () => {
    expect(() => parseCsv('title;kind\nA;b', ['name', 'level'])).toThrow(/lacks the column\(s\) name, level/);
    expect(() => parseCsv('  \n', ['name'])).toThrow(/empty/);
  });
});
