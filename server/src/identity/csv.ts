import { msg } from '../common/messages/message-catalogue.js';
import type { LocalizedMessage } from '../common/messages/message-catalogue.js';

/** A CSV text that cannot be imported: its message in the catalogue (the `Error` message stays English). */
export class CsvError extends Error {
  constructor(readonly problem: LocalizedMessage, english: string) {
    super(english);
  }
}

/** What to tell the caller about an error of {@link parseCsv}: the catalogue message, or the text of another error. */
export function csvProblem(e: unknown): LocalizedMessage | string {
  return e instanceof CsvError ? e.problem : (e as Error).message;
}

/** One data row of a CSV file: its 1-based line number (header = 1) and its cells by column. */
export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

/**
 * Parses a small CSV text: UTF-8 with or without BOM, `;` or `,` separated (the header line
 * decides), double quotes with `""` escapes, CRLF or LF. The first line names the columns
 * (case-insensitive, trimmed); empty lines are skipped. Throws when a required column is missing.
 */
export function parseCsv(text: string, required: string[]): CsvRow[] {
  const { sep, records } = parseCsvRecords(text);
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!nonEmpty.length) throw new CsvError(msg('csv.empty'), 'the CSV is empty: the first line must name the columns');
  const header = nonEmpty[0].cells.map((c) => c.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new CsvError(
      msg('csv.missingColumns', { missing: missing.join(', '), header: header.join(sep) }),
      `the CSV lacks the column(s) ${missing.join(', ')} (its header: ${header.join(sep)})`,
    );
  return nonEmpty.slice(1).map((r) => {
    const out: Record<string, string> = {};
    header.forEach((h, idx) => {
      out[h] = (r.cells[idx] ?? '').trim();
    });
    return { row: r.line, cells: out };
  });
}

/**
 * The records of a CSV text as they stand (see {@link parseCsv} for the dialect): each with the
 * line it starts on and its cells, untrimmed; and the separator the header line chose.
 */
export function parseCsvRecords(text: string): { sep: string; records: { line: number; cells: string[] }[] } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) && firstLine.includes(';') ? ';' : ',';
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    records.push({ line: startLine, cells });
  }
  return { sep, records };
}
