import iconv from 'iconv-lite';
import { parseCsvRecords } from '../csv.js';
import { msg, render } from '../../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../../common/messages/message-catalogue.js';

/** Text encodings an import file may be in. */
export const ENCODINGS = ['utf-8', 'windows-1251'] as const;
export type ImportEncoding = (typeof ENCODINGS)[number];

/** A file read as a table: the header cells and the data records with the line they start on (header = 1). */
export interface ImportTable {
  format: 'csv' | 'xlsx';
  /** The encoding the text was read in (CSV); `null` for XLSX. */
  encoding: ImportEncoding | null;
  header: string[];
  rows: { row: number; cells: string[] }[];
}

/** A problem with the file as a whole (not one row): the import is refused before it starts. */
export class ImportFileError extends Error {
  constructor(readonly problem: LocalizedMessage) {
    super(render(problem, 'ru'));
  }
}

/**
 * Decodes CSV bytes: `encoding` as given, or (`auto`) UTF-8 when the bytes are valid UTF-8
 * (a BOM or not) and Windows-1251 otherwise — Cyrillic in Windows-1251 is practically never valid UTF-8.
 */
export function decodeText(bytes: Buffer, encoding: ImportEncoding | 'auto'): { text: string; encoding: ImportEncoding } {
  if (encoding === 'windows-1251') return { text: iconv.decode(bytes, 'win1251'), encoding };
  if (encoding === 'utf-8') return { text: iconv.decode(bytes, 'utf8'), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
  }
}

const isXlsx = (bytes: Buffer, fileName?: string) =>
  /\.xlsx$/i.test(fileName ?? '') || (bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** Reads a CSV or XLSX file (its first sheet) as a table; empty lines are skipped. */
export async function readTable(bytes: Buffer, fileName: string | undefined, encoding: ImportEncoding | 'auto' = 'auto'): Promise<ImportTable> {
  if (!bytes.length) throw new ImportFileError(msg('import.fileEmpty'));
  let format: ImportTable['format'];
  let used: ImportEncoding | null = null;
  let records: { line: number; cells: string[] }[];
  if (isXlsx(bytes, fileName)) {
    format = 'xlsx';
    // Loaded on first use: exceljs and its zip libraries are a good part of the start-up imports.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new ImportFileError(msg('import.notXlsx'));
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new ImportFileError(msg('import.noSheet'));
    records = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text ?? '');
      while (cells.length && cells[cells.length - 1].trim() === '') cells.pop();
      records.push({ line: n, cells });
    });
  } else {
    format = 'csv';
    const decoded = decodeText(bytes, encoding);
    used = decoded.encoding;
    if (decoded.text.includes('\u0000')) throw new ImportFileError(msg('import.notText'));
    records = parseCsvRecords(decoded.text).records;
  }
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!nonEmpty.length) throw new ImportFileError(msg('import.fileEmpty'));
  const [head, ...rest] = nonEmpty;
  return { format, encoding: used, header: head.cells.map((c) => c.trim()), rows: rest.map((r) => ({ row: r.line, cells: r.cells.map((c) => c.trim()) })) };
}
