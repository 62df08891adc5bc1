import { indicatorsCsv } from './indicator-export.js';

describe('indicator CSV', () => {
  test('BOM, “;” separators, CRLF, shares as percentages with one decimal, counts as numbers, breakdown rows, quoting where needed, empty for no value', () => {
    const csv = indicatorsCsv([
      {
        key: 'a', name: 'Доля; «первых»', variant: 'v', kind: 'share', numerator: 1, denominator: 3, value: 1 / 3, breakdownLevel: 'school',
        breakdown: [{ orgId: 'o1', orgName: 'Школа № 1', numerator: 1, denominator: 2, value: 0.5 }, { orgId: 'o2', orgName: 'Школа № 2', numerator: 0, denominator: 1, value: 0 }],
      },
      { key: 'b', name: 'Без данных', variant: 'v', kind: 'share', numerator: 0, denominator: 0, value: null },
      { key: 'c', name: 'Количество педагогов', variant: 'v', kind: 'count', numerator: 7, denominator: null, value: 7 },
    ]);
    expect(csv).toBe('\uFEFFКод;Показатель;Организация;Числитель;Знаменатель;Значение\r\n'
      + 'a;"Доля; «первых»";Всего;1;3;33.3 %\r\na;"Доля; «первых»";Школа № 1;1;2;50.0 %\r\na;"Доля; «первых»";Школа № 2;0;1;0.0 %\r\n'
      + 'b;Без данных;Всего;0;0;\r\nc;Количество педагогов;Всего;7;;7\r\n');
  });
});
