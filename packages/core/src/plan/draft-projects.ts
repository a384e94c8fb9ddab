import type { DraftField, TableColumns } from './draft-columns.js';
import { cellText, numberCell, periodOf, projectFigures, serialOf } from './draft-cells.js';
import type { DraftProblem, DraftProject } from './draft-types.js';
import type { SourceRow } from './plan-source.js';

/**
 * One row of a project annex (重大工程项目): its number, name and 建设内容, the investment in
 * 万元 (the column's 亿元 or 元 converted), the years of 建设年限, and the floor area, beds and
 * equipment — from their own columns, else from what the 建设内容 says. The plan file has no
 * field for the 责任单位 or a 备注: they are kept at the end of the content, under their header.
 */
export function draftProject(
  table: number,
  r: SourceRow,
  cols: TableColumns,
  reading: DraftProblem[],
): DraftProject {
  const at = (f: DraftField): string => {
    const i = cols.columns[f];
    return i === undefined ? '' : cellText(r.cells[i]?.text ?? '');
  };
  const written = at('content');
  const extra = (['responsible', 'note'] as const)
    .map((f) => (at(f) === '' ? '' : `（${cols.headers[f] ?? ''}：${at(f)}）`))
    .join('');
  const content = `${written}${extra}`;
  const figures = projectFigures(written);
  const own = (f: DraftField): number | null => {
    const c = numberCell(at(f));
    return c.kind === 'number' || c.kind === 'approximate' ? c.value : null;
  };
  const investmentText = at('investment');
  const inv = numberCell(investmentText);
  const period = periodOf(at('period'));
  const beds = own('beds') ?? figures.beds;
  return {
    table,
    row: r.at,
    no: serialOf(at('no')),
    name: at('project'),
    content: content === '' ? null : content,
    floorArea: own('floorArea') ?? figures.floorArea,
    beds: beds === null ? null : Math.round(beds),
    equipment: figures.equipment,
    investment:
      inv.kind === 'number' || inv.kind === 'approximate'
        ? Math.round(inv.value * cols.investmentScale * 10000) / 10000
        : null,
    investmentText: investmentText === '' ? null : investmentText,
    startDate: period?.startDate ?? null,
    endDate: period?.endDate ?? null,
    reading,
  };
}
