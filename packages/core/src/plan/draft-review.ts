import { msg } from '../i18n/translate.js';
import type { DraftField } from './draft-columns.js';
import { numberCell } from './draft-cells.js';
import type { DraftIndicator, DraftProblem, DraftProject, PlanDraft } from './draft-types.js';

/**
 * What a reviewer should look at in a draft row, worked out from the row as it now stands — so
 * the web page asks again after each correction and a problem fixed is gone.
 */
export type ReviewedIndicator = Pick<
  DraftIndicator,
  | 'table'
  | 'row'
  | 'name'
  | 'unit'
  | 'unitFrom'
  | 'baseline'
  | 'baselineText'
  | 'target'
  | 'rule'
  | 'natureText'
  | 'natureFrom'
  | 'polarity'
  | 'polarityFrom'
  | 'indicator'
  | 'link'
  | 'unitDiffers'
  | 'relativeTo'
  | 'actual'
>;

export function reviewIndicator(i: ReviewedIndicator): DraftProblem[] {
  const out: DraftProblem[] = [];
  const add = (
    field: DraftField,
    message: DraftProblem['message'],
    severity: DraftProblem['severity'] = 'warning',
  ): void => {
    out.push({ table: i.table, row: i.row, field, severity, message });
  };
  if (i.name.trim() === '') {
    add('name', msg('draft.nameMissing'), 'error');
  }
  if (i.target.trim() === '') {
    add('target', msg('draft.targetMissing'));
  } else if (i.rule.kind === 'qualitative') {
    add('target', msg('draft.targetUnknown', { wording: i.target }));
  } else if (i.rule.kind === 'relative' && !i.relativeTo) {
    add('relativeTo', msg('draft.relativeMissing'));
  }
  if (i.natureFrom === 'default' && i.natureText !== null) {
    add(
      'nature',
      i.natureText === '' ? msg('draft.natureMissing') : msg('draft.natureUnknown', { text: i.natureText }),
    );
  }
  if (i.polarityFrom === 'guess') {
    add('polarity', msg('draft.polarityGuessed', { polarity: msg(`draft.polarity.${i.polarity}`) }));
  }
  const b = numberCell(i.baselineText);
  if (b.kind === 'approximate' && i.baseline === b.value) {
    add('baseline', msg('draft.baselineApprox', { text: i.baselineText, value: b.value }));
  } else if (b.kind === 'text' && i.baseline === null) {
    add('baseline', msg('draft.baselineText', { text: i.baselineText }));
  }
  if (i.unitFrom === 'library' && i.link) {
    add('unit', msg('draft.unitFromLibrary', { unit: i.unit ?? '', code: i.link.code }));
  }
  if (i.indicator && i.link?.match === 'partial') {
    add('link', msg('draft.linkPartial', { code: i.link.code, name: i.link.name }));
  }
  if (!i.indicator && i.unitDiffers) {
    add(
      'link',
      msg('draft.linkUnitDiffers', {
        code: i.unitDiffers.code,
        name: i.unitDiffers.name,
        unit: i.unitDiffers.unit ?? '—',
        ours: i.unit ?? '—',
      }),
    );
  }
  if (i.actual && i.actual.value === null && i.actual.text) {
    add('actual', msg('draft.actualText', { text: i.actual.text, year: i.actual.year }));
  }
  return out;
}

/** A project row: its name, and a 序号 that is not its place in the annex (a typo such as 7 for 17). */
export function reviewProject(
  p: Pick<DraftProject, 'table' | 'row' | 'no' | 'name' | 'investment' | 'investmentText'>,
  position: number,
): DraftProblem[] {
  const out: DraftProblem[] = [];
  const add = (
    field: DraftField,
    message: DraftProblem['message'],
    severity: DraftProblem['severity'] = 'warning',
  ): void => {
    out.push({ table: p.table, row: p.row, field, severity, message });
  };
  if (p.name.trim() === '') {
    add('project', msg('draft.projectNameMissing'), 'error');
  }
  if (p.no === null) {
    add('no', msg('draft.projectNoMissing', { no: position }));
  } else if (p.no !== position) {
    add('no', msg('draft.projectNoSequence', { no: p.no, expected: position }));
  }
  if (p.investmentText && p.investment === null) {
    add('investment', msg('draft.investmentText', { text: p.investmentText }));
  }
  return out;
}

/** Every problem of a draft, in document order: the plan's, then each row's (reading, then review). */
export function draftProblems(d: Pick<PlanDraft, 'problems' | 'indicators' | 'projects'>): DraftProblem[] {
  const byTable = new Map<number, number>();
  return [
    ...d.problems,
    ...d.indicators.flatMap((i) => [...i.reading, ...reviewIndicator(i)]),
    ...d.projects.flatMap((p) => {
      const position = (byTable.get(p.table) ?? 0) + 1;
      byTable.set(p.table, position);
      return [...p.reading, ...reviewProject(p, position)];
    }),
  ];
}
