import { AppError, msg } from '@healthwatch/core';
import { cachedMetadataIndex } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { tableFile } from '../data-export/table-file.js';

export const TEMPLATE_FORMATS = ['csv', 'xlsx'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

const HEADERS = ['数据元', '数据元名称', '分类', '期间', '机构', '数值', '备注'] as const;

/**
 * A blank import template for a data set: one row per element and disaggregation, in the Chinese
 * headers the importer reads (the name column is for people and is ignored on import). Org unit and
 * period are filled in when given, else left for the clerk.
 */
export async function dataTemplate(
  store: Store,
  o: { dataSet: string; orgUnit?: string | undefined; period?: string | undefined; format: TemplateFormat },
): Promise<{ fileName: string; body: Buffer }> {
  const index = await cachedMetadataIndex(store);
  const ds = index.dataSets.find(o.dataSet);
  if (!ds) {
    throw new AppError('HW_NOT_FOUND', { kind: msg('kind.dataSet'), id: o.dataSet });
  }
  const rows: string[][] = [];
  for (const id of ds.elementIds) {
    const de = index.dataElements.byId.get(id);
    if (!de) {
      continue;
    }
    const combos = index.cocsByCombo.get(de.comboId) ?? [];
    for (const c of combos) {
      rows.push([
        de.code ?? de.uid,
        de.name,
        c.name === 'default' ? '' : c.name,
        o.period ?? '',
        o.orgUnit ?? '',
        '',
        '',
      ]);
    }
  }
  const fileName = `template-${ds.code ?? ds.uid}.${o.format}`;
  return { fileName, body: await tableFile(HEADERS, rows, o.format) };
}
