import ExcelJS from 'exceljs';
import type { IndicatorValueView } from './indicator.dto.js';

const HEADERS = ['Код', 'Показатель', 'Числитель', 'Знаменатель', 'Значение, %'];

/** Percentage with one decimal, or empty when the value is undefined. */
function percent(v: number | null): string {
  return v === null ? '' : (Math.round(v * 1000) / 10).toFixed(1);
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Indicators as CSV for Excel in Russian locales: UTF-8 with BOM, `;` separators, CRLF lines,
 * a header row, then one row per indicator.
 */
export function indicatorsCsv(items: IndicatorValueView[]): string {
  const rows = [HEADERS, ...items.map((i) => [i.key, i.name, i.numerator, i.denominator, percent(i.value)])];
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** Indicators as an XLSX workbook (one sheet «Показатели», value as a percentage number format). */
export async function indicatorsXlsx(items: IndicatorValueView[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Маршруты';
  const ws = wb.addWorksheet('Показатели');
  ws.addRow([title]).font = { bold: true };
  ws.addRow(HEADERS).font = { bold: true };
  for (const i of items) ws.addRow([i.key, i.name, i.numerator, i.denominator, i.value]);
  ws.getColumn(5).numFmt = '0.0%';
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 60;
  [3, 4, 5].forEach((c) => (ws.getColumn(c).width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
