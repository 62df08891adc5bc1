import { createRequire } from 'node:module';
import path from 'node:path';
import type { Paragraph as DocxParagraph, Table as DocxTable } from 'docx';
import type * as PdfmakeModule from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { FilledDocument } from '../runtime/definitions/document-template.js';

/** A filled document as DOCX (Word), A4 landscape when it has a table. */
export async function renderDocx(d: FilledDocument): Promise<Buffer> {
  // Loaded on first use: the document libraries are a good part of the server's start-up imports.
  const { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, bold = false) => new TableCell({ borders, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const children: (DocxParagraph | DocxTable)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.title, bold: true })] }),
    ...d.fields.map((f) => new Paragraph({ children: [new TextRun({ text: `${f.label}: `, bold: true }), new TextRun({ text: f.value })] })),
  ];
  if (d.table) {
    children.push(new Paragraph({ children: [] }));
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: d.table.headers.map((h) => cell(h, true)) }),
        ...d.table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ],
    }));
  }
  const doc = new Document({
    creator: 'pd-workflow',
    title: d.title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{ properties: d.table ? { page: { size: { orientation: 'landscape' } } } : {}, children }],
  });
  return Packer.toBuffer(doc);
}

const require = createRequire(import.meta.url);
/** pdfmake's bundled Roboto (Cyrillic included), read from its package folder. */
const ROBOTO = path.join(path.dirname(require.resolve('pdfmake')), '..', 'fonts', 'Roboto');
const FONT_FILES = {
  normal: path.join(ROBOTO, 'Roboto-Regular.ttf'),
  bold: path.join(ROBOTO, 'Roboto-Medium.ttf'),
  italics: path.join(ROBOTO, 'Roboto-Italic.ttf'),
  bolditalics: path.join(ROBOTO, 'Roboto-MediumItalic.ttf'),
};
const ALLOWED = new Set(Object.values(FONT_FILES));
type Pdfmake = typeof PdfmakeModule;
let pdfmakeLoaded: Promise<Pdfmake> | undefined;
/** pdfmake, loaded and set up on first use. */
function loadPdfmake() {
  pdfmakeLoaded ??= import('pdfmake').then((mod) => {
    // a CommonJS package: its exports arrive as the default export
    const pdfmake = (mod as unknown as { default?: Pdfmake }).default ?? mod;
    pdfmake.setFonts({ Roboto: FONT_FILES });
    // Documents never load anything else: no URLs, no local files but the fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((p: string) => ALLOWED.has(p));
    return pdfmake;
  });
  return pdfmakeLoaded;
}

/** A filled document as PDF, A4 landscape when it has a table. */
export async function renderPdf(d: FilledDocument): Promise<Buffer> {
  const content: Content[] = [
    { text: d.title, style: 'title' },
    ...d.fields.map((f): Content => ({ text: [{ text: `${f.label}: `, bold: true }, f.value], margin: [0, 0, 0, 4] })),
  ];
  if (d.table) {
    content.push({
      margin: [0, 10, 0, 0],
      table: {
        headerRows: 1,
        widths: d.table.headers.map(() => '*'),
        body: [d.table.headers.map((h) => ({ text: h, bold: true })), ...d.table.rows.map((r) => r.map((c) => ({ text: c })))],
      },
    });
  }
  const def: TDocumentDefinitions = {
    info: { title: d.title },
    pageSize: 'A4',
    pageOrientation: d.table ? 'landscape' : 'portrait',
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: { title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 0, 0, 12] } },
    content,
  };
  return (await loadPdfmake()).createPdf(def).getBuffer();
}
