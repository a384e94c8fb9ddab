/** What one cell of a plan table says: a name with its unit, a number, a nature, a project's figures. */

/** A cell's text on one line: ideographic and repeated spaces, line breaks and stray padding removed. */
export function cellText(s: string): string {
  return s
    .replace(/[\u3000\u00a0]/g, ' ')
    .replace(/\s*\n\s*/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

const UNIT_WORDS = new Set([
  '%',
  '‰',
  '‱',
  '岁',
  '元',
  '万元',
  '亿元',
  '张',
  '人',
  '个',
  '名',
  '天',
  '日',
  '次',
  '所',
  '家',
  '项',
  '床',
  '小时',
  '分钟',
  '年',
  '月',
  '辆',
  '台',
  '套',
  '户',
  '例',
  '人次',
  '万人次',
  '平方米',
  '㎡',
  '公里',
  '千米',
  '米',
  '吨',
]);

/** Whether a parenthesised note is a unit (`%`, `‰`, `1/10万`, `/10万`, `张`, `人/千人`), not part of the name (`助理`). */
export function isUnit(s: string): boolean {
  const u = s.replace(/％/g, '%').trim();
  return (
    UNIT_WORDS.has(u) ||
    /^1?\/(?:10万|万|千|百|10000|1000|100|十万)$/.test(u) ||
    /^(?:张|人|个|名|元|次)\/(?:千人|万人|百人|百张床|床|人|千人口|万人口)$/.test(u)
  );
}

/** A unit as the plan files write it: `/10万` → `1/10万`, full-width `％` → `%`. */
export function normaliseUnit(s: string): string {
  const u = s.replace(/％/g, '%').trim();
  return u.startsWith('/') ? `1${u}` : u;
}

/** `婴儿死亡率（‰）` → name 婴儿死亡率, unit ‰; `每千人口执业（助理）医师数（人）` keeps （助理）. */
export function splitNameUnit(text: string): { name: string; unit: string | null } {
  const s = cellText(text);
  const m = /^(.*?)\s*[（(]([^（）()]{1,12})[）)]$/.exec(s);
  if (m && m[1] && isUnit(m[2] ?? '')) {
    return { name: m[1].trim(), unit: normaliseUnit(m[2] ?? '') };
  }
  return { name: s, unit: null };
}

/** Full-width digits, signs and the minus signs plan tables use, as ASCII. */
export function asciiDigits(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[－−–]/g, '-')
    .replace(/，/g, ',')
    .replace(/％/g, '%');
}

export type NumberCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  /** A number with a word around it (`84左右`, `约84`, `28%以上`): the number is taken, the wording kept. */
  | { kind: 'approximate'; value: number }
  | { kind: 'text' };

/** A figure cell: `—`/`-`/`/`/`无` or empty is no figure; units and thousands separators are dropped. */
export function numberCell(text: string): NumberCell {
  const s = asciiDigits(cellText(text)).replace(/\s/g, '');
  if (s === '' || /^[—\-/／无…]+$/.test(s)) {
    return { kind: 'empty' };
  }
  const bare = s.replace(/(?<=\d),(?=\d{3}\b)/g, '');
  const m = /^(-?\d+(?:\.\d+)?)(%|‰|‱|岁|元|万元|张|人|个|天|次|1?\/10万)?$/.exec(bare);
  if (m) {
    return { kind: 'number', value: Number(m[1]) };
  }
  const a = /^(?:约|大约|预计)?(-?\d+(?:\.\d+)?)(?:%|‰|岁|元|张|人|个|天)?(?:左右|以上|以下|以内)?$/.exec(
    bare,
  );
  const b = /^(?:≥|≤|>|<|≈|~)(-?\d+(?:\.\d+)?)(?:%|‰)?$/.exec(bare);
  const hit = a ?? b;
  return hit ? { kind: 'approximate', value: Number(hit[1]) } : { kind: 'text' };
}

/** 约束性 / 预期性 (and their English codes); null when the cell says neither. */
export function natureOf(text: string): 'binding' | 'expected' | null {
  const s = cellText(text).replace(/\s/g, '');
  if (/^(?:约束|约束性|约束性指标|binding)$/i.test(s)) {
    return 'binding';
  }
  if (/^(?:预期|预期性|预期性指标|expected)$/i.test(s)) {
    return 'expected';
  }
  return null;
}

/** A whole number for a 序号 cell (`1`, `１`, `(1)`, `1.`), else null. */
export function serialOf(text: string): number | null {
  const m = /^[（(]?(\d{1,4})[）).、．]?$/.exec(asciiDigits(cellText(text)).replace(/\s/g, ''));
  return m ? Number(m[1]) : null;
}

/**
 * What a project's 建设内容 says about its size, as the plan file records it: the floor area
 * (`总建筑面积约34100㎡`, `建筑面积约6万㎡`, `建设面积6176.83㎡`, `新建医院20000㎡`; never the 占地面积),
 * the beds (`新增床位300张`, `新增500张床位`: the first figure, not the isolation beds inside it) and the
 * equipment (`购置医疗仪器设备72台` → `医疗仪器设备72台`). Each is null when the text does not say.
 */
export function projectFigures(content: string): {
  floorArea: number | null;
  beds: number | null;
  equipment: string | null;
} {
  const s = asciiDigits(content);
  const area =
    /(?:建筑面积|建设面积|建筑总规模为?|新建[^，。；、\d]{1,6}?)约?(\d+(?:\.\d+)?)(万)?(?:㎡|平方米|m2|m²)/.exec(
      s,
    );
  const beds = /床位(\d+)张|(\d+)张床位/.exec(s);
  const equipment = /购置([^，。；、]{0,10}?设备\d+(?:台|套|件)(?:[（(]套[）)])?)/.exec(s);
  return {
    floorArea: area ? Math.round(Number(area[1]) * (area[2] ? 10000 : 1) * 100) / 100 : null,
    beds: beds ? Number(beds[1] ?? beds[2]) : null,
    equipment: equipment?.[1] ?? null,
  };
}

/** 建设年限 `2021-2025`, `2021—2025年`, `2021年至2023年`, `2022年` → the first and last years (as text). */
export function periodOf(text: string): { startDate: string | null; endDate: string | null } | null {
  const s = asciiDigits(cellText(text));
  const m = /((?:19|20)\d{2})年?(?:\s*(?:-|—|~|～|至|到)\s*((?:19|20)\d{2})年?)?/.exec(s);
  if (!m) {
    return null;
  }
  return { startDate: m[1] ?? null, endDate: m[2] ?? m[1] ?? null };
}

/** `重庆市江津区人民政府办公室 2022年5月20日印发` → the issuer and the date (yyyy-mm-dd). */
export function issuedLine(text: string): { issuer: string; issued: string } | null {
  const m = /^(\S.*?)\s+(\d{4})年(\d{1,2})月(\d{1,2})日\s*印发$/.exec(cellText(asciiDigits(text)));
  if (!m) {
    return null;
  }
  const pad = (x: string | undefined): string => (x ?? '').padStart(2, '0');
  return { issuer: (m[1] ?? '').trim(), issued: `${m[2] ?? ''}-${pad(m[3])}-${pad(m[4])}` };
}
