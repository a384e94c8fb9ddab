import { t } from '../i18n/translate.js';
import type { Locale } from '../i18n/translate.js';
/** The fields a data-value row can carry, under their canonical (DHIS2-style) names. */
export const VALUE_FIELDS = [
  'dataElement',
  'period',
  'orgUnit',
  'categoryOptionCombo',
  'attributeOptionCombo',
  'value',
  'comment',
  'followUp',
  'source',
  'status',
  'deleted',
  'dataSet',
] as const;
export type ValueField = (typeof VALUE_FIELDS)[number];

/**
 * Header aliases, compared after lower-casing and removing spaces, underscores and hyphens.
 * Chinese headers are what district spreadsheets use; the lower-case DHIS2 names make DHIS2's
 * own CSV export readable by header too.
 */
const ALIASES: Record<ValueField, readonly string[]> = {
  dataElement: ['dataelement', 'de', '数据元', '数据元编码', '数据项', '指标项'],
  period: ['period', 'pe', '期间', '报告期', '时期', '统计期'],
  orgUnit: ['orgunit', 'ou', 'organisationunit', '机构', '机构编码', '单位', '组织机构', '报告单位'],
  categoryOptionCombo: ['categoryoptioncombo', 'coc', '分类', '分类组合', '分组', '类别', '分类项'],
  attributeOptionCombo: ['attributeoptioncombo', 'aoc', '属性', '属性组合'],
  value: ['value', '数值', '值', '数据', '数据值'],
  comment: ['comment', '备注', '说明'],
  followUp: ['followup', '需跟进', '跟进', '待核实'],
  source: ['source', '来源', '数据来源'],
  status: ['status', '状态', '数据状态'],
  deleted: ['deleted', '删除'],
  dataSet: ['dataset', '数据集', '报表'],
};

const BY_ALIAS = new Map<string, ValueField>();
for (const [field, aliases] of Object.entries(ALIASES) as [ValueField, readonly string[]][]) {
  for (const a of aliases) {
    BY_ALIAS.set(a, field);
  }
}

export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-（）()]/g, '');
}

export function fieldOfHeader(h: string): ValueField | undefined {
  return BY_ALIAS.get(normaliseHeader(h));
}

export const REQUIRED_FIELDS: readonly ValueField[] = ['dataElement', 'period', 'orgUnit'];

/** DHIS2's fixed CSV column order (its header row is ignored on import). */
export const DHIS2_CSV_COLUMNS = [
  'dataelement',
  'period',
  'orgunit',
  'categoryoptioncombo',
  'attributeoptioncombo',
  'value',
  'storedby',
  'lastupdated',
  'comment',
  'followup',
] as const;

/**
 * A conflict's field as the reader calls it (数值, 机构 …): the canonical name is for programs,
 * never shown inside a message.
 */
export function fieldLabel(locale: Locale, field: string): string {
  if (field === '(columns)') {
    return t(locale, 'field.columns');
  }
  return field === 'row' || (VALUE_FIELDS as readonly string[]).includes(field)
    ? t(locale, `field.${field as ValueField | 'row'}`)
    : field;
}
