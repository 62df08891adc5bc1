import type { IndicatorValueView } from './indicator.dto.js';

const HEADERS = ['Код', 'Показатель', 'Организация', 'Числитель', 'Знаменатель', 'Значение'];
/** The organisation cell of an indicator's own row (its breakdown rows name their organisations). */
const TOTAL = 'Всего';

/** A share as a percentage with one decimal (`33.3 %`), a count or sum as it is, empty when undefined. */
function shown(kind: IndicatorValueView['kind'], v: number | null): string {
  if (v === null) return '';
  return kind === 'share' ? `${(Math.round(v * 1000) / 10).toFixed(1)} %` : String(v);
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows of the export: each indicator, then its breakdown by organisation. */
function rows(items: IndicatorValueView[]) {
  return items.flatMap((i) => [
    { i, org: TOTAL, numerator: i.numerator, denominator: i.denominator, value: i.value },
    ...(i.breakdown ?? []).map((b) => ({ i, org: b.orgName, numerator: b.numerator, denominator: b.denominator, value: b.value })),
  ]);
}

/**
 * Indicators as CSV for Excel in Russian locales: UTF-8 with BOM, `;` separators, CRLF lines,
 * a header row, then one row per indicator («Всего») followed by its breakdown rows, one per organisation.
 */
export function indicatorsCsv(items: IndicatorValueView[]): string {
  const body = rows(items).map((r) => [r.i.key, r.i.name, r.org, r.numerator, r.denominator, shown(r.i.kind, r.value)]);
  return '\uFEFF' + [HEADERS, ...body].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** Indicators as an XLSX workbook (one sheet «Показатели»; shares in a percentage format, counts and sums as numbers). */
export async function indicatorsXlsx(items: IndicatorValueView[], title: string): Promise<Buffer> {
  // Loaded on first use: exceljs and its zip libraries are a good part of the start-up imports.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Маршруты';
  const ws = wb.addWorksheet('Показатели');
  ws.addRow([title]).font = { bold: true };
  ws.addRow(HEADERS).font = { bold: true };
  for (const r of rows(items)) {
    const row = ws.addRow([r.i.key, r.i.name, r.org, r.numerator, r.denominator, r.value]);
    row.getCell(6).numFmt = r.i.kind === 'share' ? '0.0%' : '0.##';
    if (r.org === TOTAL) row.font = { bold: true };
  }
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 60;
  ws.getColumn(3).width = 30;
  [4, 5, 6].forEach((c) => (ws.getColumn(c).width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
