import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { headingNumberer, REPORT_PARTS } from './plan-report.js';
import type { PlanReport } from './plan-report.js';
import { RAG_COLOURS, trendChartSvg } from './report-charts.js';

/** Turns an SVG chart into PNG (Word needs a bitmap next to the SVG); charts are left out without one. */
export type Rasterize = (svg: string, width: number, height: number) => Promise<Buffer>;

// Chinese government documents: 仿宋 body, 黑体 headings, 宋体 titles and tables (GB/T 9704 style).
const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' };
const HEADING = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const TABLE = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '宋体' };

const heading = (text: string): Paragraph =>
  new Paragraph({
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [new TextRun({ text, font: HEADING, size: 32 })],
  });
const sub = (text: string): Paragraph =>
  new Paragraph({
    spacing: { before: 160, after: 80 },
    keepNext: true,
    children: [new TextRun({ text, font: HEADING, size: 28 })],
  });
const body = (text: string, indent = true): Paragraph =>
  new Paragraph({
    indent: indent ? { firstLine: 640 } : undefined,
    spacing: { line: 360 },
    children: [new TextRun({ text, font: BODY, size: 28 })],
  });
const bullet = (text: string): Paragraph =>
  new Paragraph({
    indent: { left: 420, hanging: 210 },
    spacing: { line: 340 },
    children: [new TextRun({ text: `· ${text}`, font: BODY, size: 26 })],
  });

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: border, bottom: border, left: border, right: border };

function table(
  columns: readonly string[],
  rows: { cells: string[]; fill?: (string | null)[] }[],
  widths: number[],
): Table {
  const cell = (
    text: string,
    opts: { header?: boolean; fill?: string | null; width: number; right?: boolean },
  ): TableCell =>
    new TableCell({
      borders,
      width: { size: opts.width, type: WidthType.DXA },
      shading: opts.header
        ? { type: ShadingType.CLEAR, fill: 'E8EEF4', color: 'auto' }
        : opts.fill
          ? { type: ShadingType.CLEAR, fill: opts.fill, color: 'auto' }
          : undefined,
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      children: [
        new Paragraph({
          alignment: opts.header
            ? AlignmentType.CENTER
            : opts.right
              ? AlignmentType.RIGHT
              : AlignmentType.LEFT,
          children: [
            new TextRun({
              text,
              font: TABLE,
              size: 18,
              bold: opts.header === true,
              color: opts.fill ? 'FFFFFF' : undefined,
            }),
          ],
        }),
      ],
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        children: columns.map((c, k) => cell(c, { header: true, width: widths[k] ?? 1000 })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.cells.map((c, k) =>
              cell(c, {
                fill: r.fill?.[k] ?? null,
                width: widths[k] ?? 1000,
                right: k >= 2 && k <= 5 && /^[\d.—%（）-]/.test(c),
              }),
            ),
          }),
      ),
    ],
  });
}

/** The report as a Word document: A4, 仿宋/黑体, real tables, charts when a rasterizer is given. */
export async function reportDocx(r: PlanReport, rasterize?: Rasterize): Promise<Buffer> {
  const parts = REPORT_PARTS[r.locale];
  const numbered = headingNumberer(r.locale);
  const en = r.locale === 'en';
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: r.title, font: TITLE, size: 40, bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'B00000', space: 4 } },
      children: [new TextRun({ text: r.subtitle, font: BODY, size: 22 })],
    }),
  ];
  if (r.syntheticNotice) {
    children.push(
      new Paragraph({
        shading: { type: ShadingType.CLEAR, fill: 'FFF4E0', color: 'auto' },
        spacing: { after: 120 },
        children: [new TextRun({ text: r.syntheticNotice, font: BODY, size: 22, color: '8A4B00' })],
      }),
    );
  }
  children.push(heading(numbered(parts.overview)), ...r.overview.map((p) => body(p)));
  children.push(
    table(
      r.headline.map((x) => x.label),
      [{ cells: r.headline.map((x) => x.value) }],
      r.headline.map(() => 1800),
    ),
  );
  children.push(heading(numbered(parts.indicators)));
  const fills = (rag: keyof typeof RAG_COLOURS): string => RAG_COLOURS[rag].slice(1).toUpperCase();
  children.push(
    table(
      r.table.columns,
      r.table.rows.map((row) => ({
        cells: row.cells,
        fill: row.cells.map((_, k) => (k === 6 ? fills(row.rag) : null)),
      })),
      [2000, 700, 800, 900, 1200, 900, 1000, 2000],
    ),
  );
  if (rasterize) {
    children.push(heading(numbered(parts.trends)));
    for (const s of r.sections.filter((x) => x.indicators.length > 0)) {
      children.push(sub(s.name));
      for (const i of s.indicators) {
        const svg = trendChartSvg(i, r.locale, 340, 190);
        const png = await rasterize(svg, 680, 380);
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepLines: true,
            children: [
              new ImageRun({
                type: 'svg',
                data: Buffer.from(svg),
                transformation: { width: 408, height: 228 },
                fallback: { type: 'png', data: png },
                altText: { name: i.code, title: i.title, description: `${i.title} ${i.status}` },
              }),
            ],
          }),
        );
      }
    }
  }
  children.push(heading(numbered(parts.risks)), ...r.risks.map(bullet));
  children.push(heading(numbered(parts.quality)), ...r.quality.map(bullet));
  if (r.projects.rows.length > 0) {
    children.push(heading(numbered(parts.projects)));
    children.push(
      table(
        r.projects.columns,
        r.projects.rows.map((cells) => ({ cells })),
        [600, 3000, 1200, 900, 900, 2900],
      ),
    );
  }
  children.push(
    new Paragraph({
      spacing: { before: 240 },
      children: [new TextRun({ text: r.thresholds, font: BODY, size: 18, color: '555555' })],
    }),
  );
  children.push(
    new Paragraph({ children: [new TextRun({ text: r.generated, font: BODY, size: 18, color: '555555' })] }),
  );

  const doc = new Document({
    creator: 'HealthWatch',
    title: r.title,
    description: r.subtitle,
    styles: { default: { document: { run: { font: BODY, size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1300, left: 1000, right: 1000 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: BODY,
                    size: 18,
                    children: en
                      ? ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES]
                      : ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
