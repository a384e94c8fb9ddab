import { AppError, msg } from '@healthwatch/core';
import { csvRows, xlsxRows } from '../files/table-rows.js';
import { normaliseHeader } from '@healthwatch/core';
import { parseBooleanWord } from '@healthwatch/core';
import type { NativeMetadata } from './native-format.js';

export const TabularKind = { ORG_UNITS: 'org-units', DATA_ELEMENTS: 'data-elements' } as const;
export type TabularKind = (typeof TabularKind)[keyof typeof TabularKind];

const OU_COLUMNS: Record<string, readonly string[]> = {
  code: ['code', '编码', '机构编码', '代码'],
  name: ['name', '名称', '机构名称'],
  parent: ['parent', '上级', '上级编码', '上级机构', '上级机构编码'],
  shortName: ['shortname', '简称'],
  type: ['type', '类型', '机构类型', '机构类别'],
  openingDate: ['openingdate', '开业日期', '成立日期', '启用日期'],
  closedDate: ['closeddate', '关闭日期', '撤销日期', '停用日期'],
  latitude: ['latitude', '纬度'],
  longitude: ['longitude', '经度'],
  contactPerson: ['contactperson', '联系人'],
  contactPhone: ['contactphone', '联系电话', '电话'],
};
const DE_COLUMNS: Record<string, readonly string[]> = {
  code: ['code', '编码', '数据元编码', '代码'],
  name: ['name', '名称', '数据元名称'],
  shortName: ['shortname', '简称'],
  nameEn: ['nameen', '英文名', '英文名称'],
  valueType: ['valuetype', '值类型', '数据类型'],
  aggregationType: ['aggregationtype', '汇总方式', '汇总类型'],
  categoryCombo: ['categorycombo', '分类组合', '分类'],
  unit: ['unit', '单位', '计量单位'],
  description: ['description', '说明', '定义'],
  zeroIsSignificant: ['zeroissignificant', '零值有意义'],
};

function columnMap(headers: string[], spec: Record<string, readonly string[]>): (string | undefined)[] {
  return headers.map((h) => {
    const n = normaliseHeader(h);
    return Object.entries(spec).find(([, aliases]) => aliases.includes(n))?.[0];
  });
}

/**
 * Reads org units or data elements from a CSV/XLSX sheet with Chinese (or English) headers into
 * the native format; `rows[i]` is the file row of object i, so problems can name it.
 */
export async function readTabularMetadata(
  path: string,
  kind: TabularKind | undefined,
): Promise<{ doc: NativeMetadata; kind: TabularKind; rows: number[] }> {
  const source = path.toLowerCase().endsWith('.xlsx') ? xlsxRows(path) : csvRows(path);
  let cols: (string | undefined)[] | null = null;
  let chosen: TabularKind | undefined = kind;
  const objects: Record<string, string>[] = [];
  const rows: number[] = [];
  for await (const r of source) {
    if (!cols) {
      const normalised = r.cells.map(normaliseHeader);
      chosen ??= normalised.some(
        (h) => DE_COLUMNS.valueType?.includes(h) || DE_COLUMNS.aggregationType?.includes(h),
      )
        ? 'data-elements'
        : normalised.some((h) => OU_COLUMNS.parent?.includes(h))
          ? 'org-units'
          : undefined;
      if (!chosen) {
        throw new AppError('HW_IMPORT_FORMAT', {
          row: r.row,
          reason: msg('reason.tabularKindUnknown'),
        });
      }
      cols = columnMap(r.cells, chosen === 'org-units' ? OU_COLUMNS : DE_COLUMNS);
      if (!cols.includes('name')) {
        throw new AppError('HW_IMPORT_FORMAT', { row: r.row, reason: msg('reason.missingNameColumn') });
      }
      continue;
    }
    const o: Record<string, string> = {};
    cols.forEach((c, i) => {
      const v = r.cells[i]?.trim();
      if (c && v) {
        o[c] = v;
      }
    });
    objects.push(o);
    rows.push(r.row);
  }
  if (!cols || !chosen) {
    throw new AppError('HW_IMPORT_EMPTY');
  }
  const num = (s: string | undefined): number | null =>
    s === undefined || s === '' || !Number.isFinite(Number(s)) ? null : Number(s);
  if (chosen === 'org-units') {
    return {
      kind: chosen,
      rows,
      doc: {
        orgUnits: objects.map((o) => ({
          code: o.code ?? null,
          name: o.name ?? '',
          shortName: o.shortName ?? null,
          parent: o.parent ?? null,
          type: o.type ?? null,
          openingDate: o.openingDate ?? null,
          closedDate: o.closedDate ?? null,
          latitude: num(o.latitude),
          longitude: num(o.longitude),
          ...(o.contactPerson !== undefined ? { contactPerson: o.contactPerson || null } : {}),
          ...(o.contactPhone !== undefined ? { contactPhone: o.contactPhone || null } : {}),
        })),
      },
    };
  }
  return {
    kind: chosen,
    rows,
    doc: {
      dataElements: objects.map((o) => ({
        code: o.code ?? null,
        name: o.name ?? '',
        shortName: o.shortName ?? null,
        nameEn: o.nameEn ?? null,
        valueType: o.valueType ?? 'NUMBER',
        aggregationType: o.aggregationType ?? 'SUM',
        categoryCombo: o.categoryCombo ?? null,
        unit: o.unit ?? null,
        description: o.description ?? null,
        zeroIsSignificant: o.zeroIsSignificant ? (parseBooleanWord(o.zeroIsSignificant) ?? false) : false,
      })),
    },
  };
}
