import { indicatorsCsv } from './indicator-export.js';

describe('indicator CSV', () => {
  test('BOM, “;” separators, CRLF, percentages with one decimal, quoting where needed, empty for no value', () => {
    const csv = indicatorsCsv([
      { key: 'a', name: 'Доля; «первых»', variant: 'v', numerator: 1, denominator: 3, value: 1 / 3 },
      { key: 'b', name: 'Без данных', variant: 'v', numerator: 0, denominator: 0, value: null },
    ]);
    expect(csv).toBe('\uFEFFКод;Показатель;Числитель;Знаменатель;Значение, %\r\na;"Доля; «первых»";1;3;33.3\r\nb;Без данных;0;0;\r\n');
  });
});
