import { lifeExpectancyAtBirth, parsePeriod, prematureNcdMortality, shiftPeriod } from '@healthwatch/core';
import type { ReportingRules } from '@healthwatch/core';
import { apportion, seededRandom } from './demo-random.js';

/**
 * The demo district: a Jiangjin-like district generated deterministically from a seed. The
 * structure follows seed 004 §一(一)4 (30 镇街; 6 public hospitals, 27 镇街卫生院, 3 社区卫生服务中心,
 * 231 村卫生室, 18 社会办医院, 223 诊所, 1 CDC, 1 执法机构, 34 others = 544 institutions). The raw
 * figures are generated so that the district indicators computed from them reproduce what the
 * seeds publish (DISTRICT_FACTS); everything else is plausible, and all of it is synthetic.
 */

export const DEMO_SOURCE = '演示数据（合成，synthetic）';
/** The system setting that marks an installation's data as synthetic; reports and the API show it. */
export const SYNTHETIC_SETTING = 'synthetic_data';
export const DEMO_YEARS = [2020, 2021, 2022, 2023, 2024] as const;
export type DemoYear = (typeof DEMO_YEARS)[number];

interface YearFacts {
  /** 年末常住人口 */
  population: number;
  births: number;
  infantDeaths: number;
  neonatalDeaths: number;
  under5Deaths: number;
  maternalDeaths: number;
  beds: number;
  doctors: number;
  nurses: number;
  gps: number;
  pharmacists: number;
  childcarePlaces: number;
  /** 人均预期寿命 the deaths are calibrated to. */
  lifeExpectancy: number;
  /** 重大慢性病过早死亡率 (%) the NCD deaths are calibrated to. */
  prematureNcd: number;
  /** 三级公立医院卫生技术人员人均科研经费 (元). */
  researchPerTech: number;
  tcmOpdHerbShare: number;
  tcmIpHerbShare: number;
}

/**
 * District totals per year. 2020: beds 7496 / 1 358 000 = 5.52‰, doctors 3273 → 2.41, nurses
 * 3544 → 2.61, GPs 383 → 2.82 per 10 000 (seed 004 §一(一)4); 27 infant deaths / 8032 births =
 * 3.4‰ and one maternal death = 12.45/10万 (专栏2). 2022: 26 / 7514 = 3.46‰, no maternal death,
 * 2435 托位 = 1.82‰ (seed 001). 2023: 3748 托位 / 1 329 000 = 2.82‰ (seed 000). U5MR 2020 comes
 * out 5.73‰ against the published 5.75: with 8032 births no whole number of deaths gives 5.75.
 */
export const DISTRICT_FACTS: Readonly<Record<DemoYear, YearFacts>> = {
  2020: {
    population: 1_358_000,
    births: 8032,
    infantDeaths: 27,
    neonatalDeaths: 15,
    under5Deaths: 46,
    maternalDeaths: 1,
    beds: 7496,
    doctors: 3273,
    nurses: 3544,
    gps: 383,
    pharmacists: 36,
    childcarePlaces: 980,
    lifeExpectancy: 78.95,
    prematureNcd: 13.29,
    researchPerTech: 1529.9,
    tcmOpdHerbShare: 0.2995,
    tcmIpHerbShare: 0.61,
  },
  2021: {
    population: 1_348_000,
    births: 7790,
    infantDeaths: 26,
    neonatalDeaths: 14,
    under5Deaths: 42,
    maternalDeaths: 1,
    beds: 7880,
    doctors: 3390,
    nurses: 3720,
    gps: 395,
    pharmacists: 42,
    childcarePlaces: 1620,
    lifeExpectancy: 79.1,
    prematureNcd: 13.18,
    researchPerTech: 2210,
    tcmOpdHerbShare: 0.34,
    tcmIpHerbShare: 0.62,
  },
  2022: {
    population: 1_338_000,
    births: 7514,
    infantDeaths: 26,
    neonatalDeaths: 13,
    under5Deaths: 40,
    maternalDeaths: 0,
    beds: 8350,
    doctors: 3540,
    nurses: 3930,
    gps: 410,
    pharmacists: 49,
    childcarePlaces: 2435,
    lifeExpectancy: 79.25,
    prematureNcd: 13.02,
    researchPerTech: 3120,
    tcmOpdHerbShare: 0.39,
    tcmIpHerbShare: 0.635,
  },
  2023: {
    population: 1_329_000,
    births: 7210,
    infantDeaths: 24,
    neonatalDeaths: 12,
    under5Deaths: 37,
    maternalDeaths: 1,
    beds: 8910,
    doctors: 3700,
    nurses: 4160,
    gps: 428,
    pharmacists: 57,
    childcarePlaces: 3748,
    lifeExpectancy: 79.4,
    prematureNcd: 12.86,
    researchPerTech: 4230,
    tcmOpdHerbShare: 0.44,
    tcmIpHerbShare: 0.65,
  },
  2024: {
    population: 1_322_000,
    births: 6890,
    infantDeaths: 22,
    neonatalDeaths: 11,
    under5Deaths: 34,
    maternalDeaths: 0,
    beds: 9400,
    doctors: 3850,
    nurses: 4380,
    gps: 445,
    pharmacists: 64,
    childcarePlaces: 4310,
    lifeExpectancy: 79.55,
    prematureNcd: 12.7,
    researchPerTech: 5180,
    tcmOpdHerbShare: 0.49,
    tcmIpHerbShare: 0.66,
  },
};
const POPULATION_2019 = 1_365_000;

/** The 30 镇街 of Jiangjin: [code, name, population weight, villages weight, has a 中心卫生院]. */
const TOWNS: readonly (readonly [string, string, number, number, boolean])[] = [
  ['JJ-JJ', '几江街道', 10, 0, false],
  ['JJ-DS', '鼎山街道', 7, 2, false],
  ['JJ-SQ', '圣泉街道', 3, 3, false],
  ['JJ-DG', '德感街道', 6, 6, false],
  ['JJ-SF', '双福街道', 7, 6, true],
  ['JJ-YX', '油溪镇', 4, 10, true],
  ['JJ-WT', '吴滩镇', 2.5, 9, false],
  ['JJ-SM', '石门镇', 3, 10, true],
  ['JJ-ZY', '朱杨镇', 2.5, 9, false],
  ['JJ-SMO', '石蟆镇', 2.5, 11, true],
  ['JJ-YXI', '永兴镇', 2, 8, false],
  ['JJ-TH', '塘河镇', 2, 8, false],
  ['JJ-BS', '白沙镇', 5, 14, true],
  ['JJ-LH', '龙华镇', 2.5, 9, false],
  ['JJ-LS', '李市镇', 3.5, 11, true],
  ['JJ-CY', '慈云镇', 2, 8, false],
  ['JJ-CJ', '蔡家镇', 2.5, 9, true],
  ['JJ-ZS', '中山镇', 2, 8, false],
  ['JJ-JP', '嘉平镇', 2, 8, false],
  ['JJ-BL', '柏林镇', 2, 9, true],
  ['JJ-XF', '先锋镇', 3, 10, false],
  ['JJ-LHU', '珞璜镇', 4, 9, true],
  ['JJ-JS', '贾嗣镇', 2.5, 8, true],
  ['JJ-XB', '夏坝镇', 2, 7, false],
  ['JJ-XH', '西湖镇', 2.5, 9, false],
  ['JJ-DSH', '杜市镇', 2.5, 9, true],
  ['JJ-GX', '广兴镇', 2, 7, false],
  ['JJ-SMS', '四面山镇', 1, 4, false],
  ['JJ-ZP', '支坪镇', 3, 9, false],
  ['JJ-SP', '四屏镇', 1, 4, false],
];
/** Approximate town centroids (synthetic, for maps and the neighbours of early warning). */
const TOWN_COORDINATES: Readonly<Record<string, [number, number]>> = {
  'JJ-JJ': [29.29, 106.26],
  'JJ-DS': [29.27, 106.24],
  'JJ-SQ': [29.31, 106.28],
  'JJ-DG': [29.32, 106.2],
  'JJ-SF': [29.4, 106.3],
  'JJ-YX': [29.2, 106.05],
  'JJ-WT': [29.21, 105.97],
  'JJ-SM': [29.12, 106.02],
  'JJ-ZY': [29.09, 105.93],
  'JJ-SMO': [28.97, 105.92],
  'JJ-YXI': [29.0, 106.02],
  'JJ-TH': [28.9, 106.03],
  'JJ-BS': [29.08, 106.12],
  'JJ-LH': [29.0, 106.14],
  'JJ-LS': [28.93, 106.22],
  'JJ-CY': [29.05, 106.25],
  'JJ-CJ': [28.92, 106.36],
  'JJ-ZS': [28.83, 106.3],
  'JJ-JP': [28.85, 106.45],
  'JJ-BL': [28.75, 106.38],
  'JJ-XF': [29.2, 106.34],
  'JJ-LHU': [29.3, 106.43],
  'JJ-JS': [29.15, 106.4],
  'JJ-XB': [29.06, 106.36],
  'JJ-XH': [28.98, 106.45],
  'JJ-DSH': [29.22, 106.5],
  'JJ-GX': [29.12, 106.5],
  'JJ-SMS': [28.6, 106.4],
  'JJ-ZP': [29.27, 106.4],
  'JJ-SP': [28.68, 106.32],
};

/** Streets with a 社区卫生服务中心 instead of a 卫生院. */
const COMMUNITY_CENTRES = new Set(['JJ-JJ', 'JJ-DS', 'JJ-SQ']);

const PUBLIC_HOSPITALS: readonly {
  code: string;
  name: string;
  town: string;
  beds: number;
  general: boolean;
  tertiary: boolean;
}[] = [
  { code: 'JJ-H1', name: '江津区中心医院', town: 'JJ-JJ', beds: 1500, general: true, tertiary: true },
  { code: 'JJ-H2', name: '江津区中医院', town: 'JJ-JJ', beds: 900, general: false, tertiary: true },
  { code: 'JJ-H3', name: '江津区第二人民医院', town: 'JJ-DG', beds: 700, general: true, tertiary: false },
  { code: 'JJ-H4', name: '江津区第一人民医院', town: 'JJ-BS', beds: 450, general: true, tertiary: false },
  { code: 'JJ-H5', name: '江津区妇幼保健院', town: 'JJ-DS', beds: 200, general: false, tertiary: false },
  { code: 'JJ-H6', name: '江津区精神卫生中心', town: 'JJ-SQ', beds: 300, general: false, tertiary: false },
];
const PRIVATE_HOSPITAL_NAMES = [
  '康华',
  '仁济',
  '安康',
  '济民',
  '博爱',
  '同心',
  '华美',
  '康宁',
  '长寿',
  '明珠',
  '和平',
  '惠民',
  '福康',
  '德济',
  '爱尔眼科',
  '口腔',
  '骨科',
  '康复',
];
const VILLAGES = [
  '新华',
  '高桥',
  '红光',
  '胜利',
  '龙泉',
  '石坝',
  '双河',
  '凤凰',
  '桂花',
  '新民',
  '黄泥',
  '清溪',
  '大坪',
  '永红',
  '团结',
  '白果',
  '向阳',
  '金星',
  '长春',
  '和平',
];
const SURNAMES = [
  '张',
  '王',
  '李',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '罗',
  '唐',
];
const OTHER_KINDS = ['门诊部', '医务室', '卫生所', '护理站'];

/** Age groups of the standard library's AGE_LT category, with their share of the population aged 1+. */
const AGE_GROUPS: readonly { name: string; age: number; width: number | null; share: number }[] = [
  { name: '0岁', age: 0, width: 1, share: 0 },
  { name: '1-4岁', age: 1, width: 4, share: 3.4 },
  { name: '5-9岁', age: 5, width: 5, share: 5.0 },
  { name: '10-14岁', age: 10, width: 5, share: 5.1 },
  { name: '15-19岁', age: 15, width: 5, share: 4.6 },
  { name: '20-24岁', age: 20, width: 5, share: 4.2 },
  { name: '25-29岁', age: 25, width: 5, share: 5.2 },
  { name: '30-34岁', age: 30, width: 5, share: 7.4 },
  { name: '35-39岁', age: 35, width: 5, share: 6.4 },
  { name: '40-44岁', age: 40, width: 5, share: 6.0 },
  { name: '45-49岁', age: 45, width: 5, share: 8.0 },
  { name: '50-54岁', age: 50, width: 5, share: 9.0 },
  { name: '55-59岁', age: 55, width: 5, share: 8.2 },
  { name: '60-64岁', age: 60, width: 5, share: 5.6 },
  { name: '65-69岁', age: 65, width: 5, share: 6.8 },
  { name: '70-74岁', age: 70, width: 5, share: 5.2 },
  { name: '75-79岁', age: 75, width: 5, share: 3.2 },
  { name: '80-84岁', age: 80, width: 5, share: 2.0 },
  { name: '85岁及以上', age: 85, width: null, share: 1.3 },
];
const maleShare = (age: number): number => (age < 15 ? 0.53 : age < 60 ? 0.505 : age < 80 ? 0.49 : 0.43);
/** Births by mother's age 15–19 … 45–49. */
const MOTHER_AGE_SHARES = [0.03, 0.2, 0.38, 0.27, 0.1, 0.018, 0.002];

export interface DemoValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo?: string;
  value: string;
}

interface Institution {
  code: string;
  name: string;
  town: string;
  kind:
    | 'public_hospital'
    | 'health_centre'
    | 'community_centre'
    | 'village_clinic'
    | 'private_hospital'
    | 'clinic'
    | 'cdc'
    | 'enforcement'
    | 'other';
  /** Relative size (beds for hospitals and health centres). */
  size: number;
}

const KIND_NAMES: Record<Institution['kind'], string> = {
  public_hospital: '公立医院',
  health_centre: '镇街卫生院',
  community_centre: '社区卫生服务中心',
  village_clinic: '村卫生室',
  private_hospital: '社会办医院',
  clinic: '诊所',
  cdc: '疾病预防控制机构',
  enforcement: '卫生健康执法机构',
  other: '其他医疗机构',
};

export interface DemoDistrict {
  /** Native metadata (docs/formats.md §1): levels, org units, groups, group sets, data sets. */
  metadata: Record<string, unknown>;
  values: DemoValue[];
  counts: Record<Institution['kind'], number> & { towns: number; institutions: number };
}

function institutions(rand: () => number): Institution[] {
  const out: Institution[] = [];
  for (const h of PUBLIC_HOSPITALS) {
    out.push({ code: h.code, name: h.name, town: h.town, kind: 'public_hospital', size: h.beds });
  }
  out.push({ code: 'JJ-CDC', name: '江津区疾病预防控制中心', town: 'JJ-JJ', kind: 'cdc', size: 0 });
  out.push({
    code: 'JJ-ENF',
    name: '江津区卫生健康综合行政执法支队',
    town: 'JJ-JJ',
    kind: 'enforcement',
    size: 0,
  });
  const villages = apportion(
    231,
    TOWNS.map((t) => t[3]),
  );
  const clinics = apportion(
    223,
    TOWNS.map((t) => t[2]),
  );
  const others = apportion(
    34,
    TOWNS.map((t) => t[2]),
  );
  TOWNS.forEach(([code, name, weight, , centre], ti) => {
    const short = name.replace(/(街道|镇)$/, '');
    if (COMMUNITY_CENTRES.has(code)) {
      out.push({
        code: `${code}-HC`,
        name: `${name}社区卫生服务中心`,
        town: code,
        kind: 'community_centre',
        size: 30 + Math.round(weight * 3),
      });
    } else {
      out.push({
        code: `${code}-HC`,
        name: `${short}${centre ? '中心' : '镇'}卫生院`,
        town: code,
        kind: 'health_centre',
        size: Math.round((centre ? 80 : 40) + weight * 8 + rand() * 20),
      });
    }
    for (let i = 1; i <= (villages[ti] ?? 0); i++) {
      const v = `${VILLAGES[(i - 1) % VILLAGES.length] ?? ''}${i > VILLAGES.length ? String(Math.ceil(i / VILLAGES.length)) : ''}`;
      out.push({
        code: `${code}-VC${i}`,
        name: `${short}${v}村卫生室`,
        town: code,
        kind: 'village_clinic',
        size: 1,
      });
    }
    for (let i = 1; i <= (clinics[ti] ?? 0); i++) {
      const s = SURNAMES[(ti * 7 + i) % SURNAMES.length] ?? '';
      out.push({
        code: `${code}-CL${i}`,
        name: `江津${short}${s}氏诊所${i > 1 ? `（${i}）` : ''}`,
        town: code,
        kind: 'clinic',
        size: 1,
      });
    }
    for (let i = 1; i <= (others[ti] ?? 0); i++) {
      out.push({
        code: `${code}-OT${i}`,
        name: `${short}${OTHER_KINDS[i % OTHER_KINDS.length] ?? ''}${i}`,
        town: code,
        kind: 'other',
        size: 0,
      });
    }
  });
  const privateTowns = apportion(
    18,
    TOWNS.map((t) => t[2] ** 1.5),
  );
  let n = 0;
  privateTowns.forEach((count, ti) => {
    const town = TOWNS[ti];
    for (let i = 0; i < count && town; i++) {
      const label = PRIVATE_HOSPITAL_NAMES[n] ?? `民营${n}`;
      n++;
      out.push({
        code: `JJ-PH${String(n).padStart(2, '0')}`,
        name: `江津${label}医院`,
        town: town[0],
        kind: 'private_hospital',
        size: Math.round(50 + rand() * 150),
      });
    }
  });
  return out;
}

/** Deaths by sex and age for the district, calibrated so the abridged life table gives `target`. */
function calibrateDeaths(pop: number[][], infantDeaths: [number, number], target: number): number[][] {
  const base = (age: number, width: number | null, male: boolean): number => {
    const mid = width === null ? 90 : age + width / 2;
    const m = age === 1 ? 0.0004 : 0.00012 + 3e-5 * Math.exp(0.092 * mid);
    return m * (male ? 1.45 : 1);
  };
  const deathsFor = (scale: number): number[][] =>
    [0, 1].map((s) =>
      AGE_GROUPS.map((g, i) =>
        i === 0
          ? (infantDeaths[s] ?? 0)
          : Math.round((pop[s]?.[i] ?? 0) * Math.min(0.9, base(g.age, g.width, s === 0) * scale)),
      ),
    );
  const le = (d: number[][]): number =>
    lifeExpectancyAtBirth(
      AGE_GROUPS.map((g, i) => ({
        age: g.age,
        width: g.width,
        deaths: (d[0]?.[i] ?? 0) + (d[1]?.[i] ?? 0),
        population: (pop[0]?.[i] ?? 0) + (pop[1]?.[i] ?? 0),
      })),
      { a0: 0.1, a1to4: 0.4 },
    ) ?? 0;
  let lo = 0.2;
  let hi = 5;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (le(deathsFor(mid)) > target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return deathsFor((lo + hi) / 2);
}

/** NCD deaths (ages 30–69) as a share of all deaths, calibrated to the 40q30 target. */
function calibrateNcd(pop: number[][], deaths: number[][], target: number): number[][] {
  const ncdFor = (f: number): number[][] =>
    deaths.map((row) =>
      row.map((d, i) =>
        (AGE_GROUPS[i]?.age ?? 0) >= 30 && (AGE_GROUPS[i]?.age ?? 0) < 70 ? Math.round(d * f) : 0,
      ),
    );
  const q = (n: number[][]): number =>
    prematureNcdMortality(
      AGE_GROUPS.map((g, i) => ({
        age: g.age,
        ncdDeaths: (n[0]?.[i] ?? 0) + (n[1]?.[i] ?? 0),
        population: (pop[0]?.[i] ?? 0) + (pop[1]?.[i] ?? 0),
      })),
    ) ?? 0;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (q(ncdFor(mid)) < target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return ncdFor((lo + hi) / 2);
}

const SEXES = ['男', '女'] as const;

/** Notifiable diseases of the demo: yearly incidence per 100 000 and the seasonal shape by ISO week. */
const bump = (w: number, centre: number, width: number): number => Math.exp(-(((w - centre) / width) ** 2));
const NOTIFIABLE: readonly {
  code: string;
  incidence: number;
  season: (week: number) => number;
  year: (y: number, week: number) => number;
}[] = [
  {
    code: 'HFMD',
    incidence: 160,
    season: (w) => 0.4 + 2.4 * bump(w, 22, 5) + 1.2 * bump(w, 43, 4),
    year: (y) => ({ 2020: 0.4, 2021: 0.9, 2022: 0.7 })[y] ?? 1,
  },
  {
    code: 'INFLUENZA',
    incidence: 120,
    season: (w) => 0.4 + 3 * bump(w, 2, 4) + 3 * bump(w, 54, 4) + 1 * bump(w, 26, 3),
    year: (y, w) => (y === 2020 && w > 6 ? 0.3 : y === 2023 && w >= 9 && w <= 14 ? 2.5 : 1),
  },
  {
    code: 'DIARRHOEA',
    incidence: 90,
    season: (w) => 0.7 + 1.2 * bump(w, 31, 5) + 0.8 * bump(w, 1, 4) + 0.8 * bump(w, 53, 4),
    year: () => 1,
  },
  { code: 'DYSENTERY', incidence: 4, season: (w) => 0.6 + 1.4 * bump(w, 31, 6), year: () => 1 },
  { code: 'MUMPS', incidence: 12, season: (w) => 0.7 + 1.1 * bump(w, 20, 6), year: () => 1 },
  { code: 'CHOLERA', incidence: 0, season: () => 0, year: () => 0 },
];

/**
 * Outbreaks planted in the demo's daily case counts, on top of the seasonal background (documented
 * in docs/surveillance.md): extra cases per day, rising to `peak` in the middle of the window.
 */
export const PLANTED_OUTBREAKS: readonly {
  disease: string;
  town: string;
  from: string;
  to: string;
  peak: number;
  what: string;
}[] = [
  {
    disease: 'HFMD',
    town: 'JJ-BS',
    from: '2024-05-13',
    to: '2024-06-02',
    peak: 6,
    what: '白沙镇手足口病聚集性疫情（托幼机构），3 周',
  },
  {
    disease: 'HFMD',
    town: 'JJ-LH',
    from: '2024-05-20',
    to: '2024-06-02',
    peak: 2,
    what: '相邻的龙华镇随后出现病例增多',
  },
  {
    disease: 'DIARRHOEA',
    town: 'JJ-SM',
    from: '2023-07-10',
    to: '2023-07-23',
    peak: 5,
    what: '石门镇其他感染性腹泻暴发（聚餐），2 周',
  },
  {
    disease: 'CHOLERA',
    town: 'JJ-YX',
    from: '2023-08-16',
    to: '2023-08-16',
    peak: 1,
    what: '油溪镇霍乱 1 例（输入性）',
  },
];

/**
 * Data-quality problems planted in the demo's reports (docs/data-quality.md), away from the years and
 * figures the seeds publish: a batch validation must list exactly these.
 */
export const PLANTED_PROBLEMS: readonly {
  rule: string;
  dataElement: string;
  orgUnit: string;
  period: string;
  what: string;
  set: (v: number, other: number) => number | null;
  other: string;
}[] = [
  {
    rule: 'OCCUPIED_LE_OPEN',
    dataElement: 'OCCUPIED_BED_DAYS',
    other: 'OPEN_BED_DAYS',
    orgUnit: 'JJ-H3',
    period: '202403',
    what: '区第二人民医院 2024年3月占用床日多于开放床日（加床未计入开放床日）',
    set: (_v, open) => open + 612,
  },
  {
    rule: 'ANTIBIOTIC_LE_OPD',
    dataElement: 'OPD_VISITS_ANTIBIOTIC',
    other: 'OPD_VISITS',
    orgUnit: 'JJ-BS-VC1',
    period: '202407',
    what: '白沙镇村卫生室 2024年7月抗菌药物门诊人次录成了门诊人次的十倍',
    set: (v) => v * 10 + 5000,
  },
  {
    rule: 'HTN_STD_LE_MANAGED',
    dataElement: 'HTN_MANAGED_STD',
    other: 'HTN_MANAGED',
    orgUnit: 'JJ-CY-HC',
    period: '2023',
    what: '慈云镇卫生院 2023年规范管理人数与管理人数填反',
    set: (_v, managed) => managed + 137,
  },
  {
    rule: 'NEONATAL_LE_INFANT',
    dataElement: 'NEONATAL_DEATHS',
    other: 'INFANT_DEATHS',
    orgUnit: 'JJ-TH',
    period: '2024',
    what: '塘河镇 2024年新生儿死亡数多于婴儿死亡数',
    set: (_v, infant) => infant + 2,
  },
  {
    rule: 'DISCHARGES_BED_DAYS_PAIR',
    dataElement: 'INPATIENT_BED_DAYS',
    other: 'DISCHARGES',
    orgUnit: 'JJ-PH05',
    period: '202411',
    what: '社会办医院 2024年11月填了出院人数，漏填出院者占用总床日数',
    set: () => null,
  },
];

/** Outliers planted in the demo's monthly reports (docs/data-quality.md): an outlier scan must find them first. */
export const PLANTED_OUTLIERS: readonly {
  dataElement: string;
  orgUnit: string;
  period: string;
  factor: number;
  what: string;
}[] = [
  {
    dataElement: 'OPD_VISITS',
    orgUnit: 'JJ-LS-HC',
    period: '202406',
    factor: 8,
    what: '李市中心卫生院 2024年6月门诊人次多录一位（约 8 倍）',
  },
  {
    dataElement: 'DISCHARGES',
    orgUnit: 'JJ-H4',
    period: '202309',
    factor: 0.1,
    what: '区第一人民医院 2023年9月出院人数只录了一部分（约十分之一）',
  },
];

/** Reports missing from the demo (docs/data-quality.md): a completeness check must show exactly these for 2024. */
export const PLANTED_MISSING: readonly { dataSet: string; orgUnit: string; period: string; what: string }[] =
  [
    {
      dataSet: 'JJ_SERVICES_M',
      orgUnit: 'JJ-SM-HC',
      period: '202408',
      what: '石门中心卫生院 2024年8月医疗服务月报未报',
    },
    {
      dataSet: 'JJ_SERVICES_M',
      orgUnit: 'JJ-SM-HC',
      period: '202409',
      what: '石门中心卫生院 2024年9月医疗服务月报未报',
    },
    {
      dataSet: 'JJ_PRIMARY_OPD_M',
      orgUnit: 'JJ-SP-VC1',
      period: '202410',
      what: '四屏镇一个村卫生室 2024年10月基层门诊月报未报',
    },
  ];

/**
 * The report missing from the latest month of the demo's recent months (the latest period due on
 * the day it is built): the cockpit's "last period" is then not a flat 100%.
 */
export const RECENT_MISSING = { dataSet: 'JJ_SERVICES_M', orgUnit: 'JJ-SM-HC' } as const;

/** Reports marked complete after their due date (period end + 10 timely days), planted for timeliness. */
export const PLANTED_LATE: readonly {
  dataSet: string;
  orgUnit: string;
  period: string;
  daysAfterEnd: number;
  what: string;
}[] = [
  {
    dataSet: 'JJ_SERVICES_M',
    orgUnit: 'JJ-LH-HC',
    period: '202405',
    daysAfterEnd: 26,
    what: '龙华镇卫生院 2024年5月医疗服务月报迟报（期末后第 26 天）',
  },
  {
    dataSet: 'JJ_SERVICES_M',
    orgUnit: 'JJ-PH07',
    period: '202411',
    daysAfterEnd: 41,
    what: '一家社会办医院 2024年11月医疗服务月报迟报（期末后第 41 天）',
  },
  {
    dataSet: 'JJ_PRIMARY_OPD_M',
    orgUnit: 'JJ-BS-VC2',
    period: '202406',
    daysAfterEnd: 15,
    what: '白沙镇一个村卫生室 2024年6月基层门诊月报迟报（期末后第 15 天）',
  },
];

/** Poisson draw (Knuth; λ is small here). */
function poisson(rand: () => number, lambda: number): number {
  if (lambda <= 0) {
    return 0;
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** ISO week number of a UTC date. */
function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
}

/** Daily case counts per town, 2020–2024 (only days with cases are stored: no report means zero). */
function notifiableCases(
  rand: () => number,
  put: (de: string, pe: string, ou: string, v: number) => void,
): void {
  const shares = TOWNS.map((t) => t[2] / TOWNS.reduce((a, x) => a + x[2], 0));
  const start = Date.UTC(2020, 0, 1);
  const end = Date.UTC(2024, 11, 31);
  for (let ms = start; ms <= end; ms += 86_400_000) {
    const day = new Date(ms);
    const iso = day.toISOString().slice(0, 10);
    const pe = iso.replace(/-/g, '');
    const year = day.getUTCFullYear() as DemoYear;
    const week = isoWeek(day);
    const pop = DISTRICT_FACTS[year].population;
    for (const d of NOTIFIABLE) {
      const base = ((d.incidence / 100_000) * pop * d.season(week) * d.year(year, week)) / 365 / 1.2;
      TOWNS.forEach(([town], ti) => {
        let lambda = base * (shares[ti] ?? 0);
        for (const o of PLANTED_OUTBREAKS) {
          if (o.disease === d.code && o.town === town && iso >= o.from && iso <= o.to) {
            const span = (Date.parse(o.to) - Date.parse(o.from)) / 86_400_000;
            const pos =
              span === 0 ? 1 : 1 - Math.abs((ms - Date.parse(o.from)) / 86_400_000 / span - 0.5) * 2;
            lambda += o.disease === 'CHOLERA' ? 0 : o.peak * (0.3 + 0.7 * pos);
            if (o.disease === 'CHOLERA') {
              put(`ID_${d.code}`, pe, town, o.peak);
            }
          }
        }
        const n = poisson(rand, lambda);
        if (n > 0) {
          put(`ID_${d.code}`, pe, town, n);
        }
      });
    }
  }
}

/** Generates the demo district. The same seed always gives the same district. */
/** How many months up to the latest due one the demo's recent monthly reports cover. */
export const RECENT_MONTHS = 3;

/** The reporting rules of the demo's monthly sets: due 10 days after the month, closed after 15. */
export const MONTHLY_REPORTING = { expiryDays: 15, timelyDays: 10 } as const satisfies ReportingRules;

export interface DemoOptions {
  /**
   * The last month of the recent monthly service reports (yyyymm), e.g. the latest period due on
   * the day the demo is built: the RECENT_MONTHS months up to it are generated (none before 2025);
   * none: the reports stop at 202412.
   */
  recentThrough?: string;
}

export function generateDemoDistrict(seed = 20_201_231, options: DemoOptions = {}): DemoDistrict {
  const rand = seededRandom(seed);
  const jitter = (spread: number): number => 1 - spread + 2 * spread * rand();
  const insts = institutions(rand);
  const values: DemoValue[] = [];
  const put = (
    dataElement: string,
    period: string | number,
    orgUnit: string,
    value: number,
    categoryOptionCombo?: string,
  ): void => {
    values.push({
      dataElement,
      period: String(period),
      orgUnit,
      value: String(value),
      ...(categoryOptionCombo ? { categoryOptionCombo } : {}),
    });
  };
  const townWeights = TOWNS.map((t) => t[2]);
  const townIndex = new Map(TOWNS.map((t, i) => [t[0], i]));

  /**
   * One month of the monthly service reports of every institution (beds as at the year's end):
   * winter peaks, the 2020 epidemic dip and the December 2022 wave. Answers 区中医院's outpatients
   * and discharges, which its yearly TCM figures sum.
   */
  const monthlyReports = (
    year: number,
    m: number,
    bedsOf: ReadonlyMap<string, number>,
    jitter: (spread: number) => number,
  ): { opd: number; ip: number } => {
    const tcm = { opd: 0, ip: 0 };
    const pe = `${year}${String(m).padStart(2, '0')}`;
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const season = 1 + 0.12 * Math.cos((2 * Math.PI * (m - 1)) / 12);
    const shock =
      year === 2020 && m === 2
        ? 0.45
        : year === 2020 && m === 3
          ? 0.7
          : year === 2022 && m === 12
            ? 1.25
            : year === 2023 && m === 1
              ? 1.1
              : 1;
    for (const i of insts) {
      if (i.kind === 'village_clinic' || i.kind === 'clinic') {
        const opd = Math.round((i.kind === 'clinic' ? 520 : 380) * season * shock * jitter(0.35));
        put('OPD_VISITS', pe, i.code, opd);
        put(
          'OPD_VISITS_ANTIBIOTIC',
          pe,
          i.code,
          Math.round(opd * (0.27 - (year - 2020) * 0.01) * jitter(0.2)),
        );
        continue;
      }
      const b = bedsOf.get(i.code);
      if (b === undefined) {
        continue;
      }
      const hospital = i.kind === 'public_hospital' || i.kind === 'private_hospital';
      const open = b * days;
      const occupancy = Math.min(
        0.99,
        (i.kind === 'public_hospital' ? 0.9 : i.kind === 'private_hospital' ? 0.72 : 0.62) *
          (0.9 + 0.1 * season) *
          (shock < 1 ? shock + 0.2 : 1) *
          jitter(0.05),
      );
      const occupied = Math.round(open * occupancy);
      const alos =
        (i.kind === 'public_hospital' ? 8.6 : i.kind === 'private_hospital' ? 9.2 : 6.4) * jitter(0.05);
      const discharges = Math.round(occupied / alos);
      const opd = Math.round(b * (hospital ? 95 : 190) * season * shock * jitter(0.1));
      put('OPD_VISITS', pe, i.code, opd);
      put('OPD_VISITS_ANTIBIOTIC', pe, i.code, Math.round(opd * (hospital ? 0.095 : 0.16) * jitter(0.15)));
      put('OPEN_BED_DAYS', pe, i.code, open);
      put('OCCUPIED_BED_DAYS', pe, i.code, occupied);
      put('DISCHARGES', pe, i.code, discharges);
      put('INPATIENT_BED_DAYS', pe, i.code, Math.round(discharges * alos));
      const inpatients = Math.round(discharges * 1.06);
      put('INPATIENTS', pe, i.code, inpatients);
      put('HAI_CASES', pe, i.code, Math.round(inpatients * (hospital ? 0.011 : 0.004) * jitter(0.4)));
      put('READMISSIONS_30D', pe, i.code, Math.round(discharges * 0.035 * jitter(0.3)));
      if (i.code === 'JJ-H2') {
        tcm.opd += opd;
        tcm.ip += discharges;
      }
    }
    return tcm;
  };
  let lastBeds: ReadonlyMap<string, number> = new Map();

  for (const year of DEMO_YEARS) {
    const f = DISTRICT_FACTS[year];
    const prev = year === 2020 ? POPULATION_2019 : DISTRICT_FACTS[(year - 1) as DemoYear].population;
    const midyear = Math.round((prev + f.population) / 2);

    // Population: year-end and average per town; mid-year by sex and age (0岁 ≈ the year's births).
    apportion(f.population, townWeights).forEach((p, ti) =>
      put('POP_RESIDENT_YE', year, TOWNS[ti]?.[0] ?? '', p),
    );
    apportion(midyear, townWeights).forEach((p, ti) => put('POP_AVG', year, TOWNS[ti]?.[0] ?? '', p));
    const birthsByTown = apportion(
      f.births,
      townWeights.map((w) => w * jitter(0.15)),
    );
    const birthsBySex = birthsByTown.map((b) => apportion(b, [107, 100]));
    const older = apportion(
      midyear - f.births,
      AGE_GROUPS.map((g) => g.share),
    );
    // district population [sex][age]
    const districtPop: number[][] = [0, 1].map((s) =>
      AGE_GROUPS.map((g, i) =>
        i === 0
          ? birthsBySex.reduce((a, b) => a + (b[s] ?? 0), 0)
          : Math.round((older[i] ?? 0) * (s === 0 ? maleShare(g.age) : 1 - maleShare(g.age))),
      ),
    );
    // towns × sex × age; streets are younger, rural towns older
    const townPop: number[][][] = TOWNS.map(() => [[], []]);
    for (const s of [0, 1]) {
      AGE_GROUPS.forEach((g, i) => {
        const parts =
          i === 0
            ? birthsBySex.map((b) => b[s] ?? 0)
            : apportion(
                districtPop[s]?.[i] ?? 0,
                TOWNS.map(
                  ([code, , w]) =>
                    w *
                    (['JJ-JJ', 'JJ-DS', 'JJ-SQ', 'JJ-DG', 'JJ-SF'].includes(code)
                      ? g.age >= 20 && g.age < 50
                        ? 1.3
                        : g.age >= 60
                          ? 0.8
                          : 1
                      : 1),
                ),
              );
        parts.forEach((p, ti) => {
          (townPop[ti]?.[s] ?? [])[i] = p;
        });
      });
    }
    // Births, deaths of infants and children, maternal deaths by town.
    const infantByTown = apportion(
      f.infantDeaths,
      birthsByTown.map((b) => b * jitter(0.5)),
    );
    const neonatalByTown = apportion(f.neonatalDeaths, infantByTown);
    const u5Extra = apportion(
      f.under5Deaths - f.infantDeaths,
      birthsByTown.map((b) => b * jitter(0.5)),
    );
    const maternalByTown = apportion(
      f.maternalDeaths,
      birthsByTown.map((b) => b * rand()),
    );
    const infantBySex = infantByTown.map((d) => apportion(d, [56, 44]));
    TOWNS.forEach(([town], ti) => {
      const b = birthsByTown[ti] ?? 0;
      SEXES.forEach((sex, s) => put('LIVE_BIRTHS', year, town, birthsBySex[ti]?.[s] ?? 0, sex));
      apportion(b, MOTHER_AGE_SHARES).forEach((n, k) =>
        put('BIRTHS_BY_MOTHER_AGE', year, town, n, AGE_GROUPS[4 + k]?.name),
      );
      put('INFANT_DEATHS', year, town, infantByTown[ti] ?? 0);
      put('NEONATAL_DEATHS', year, town, neonatalByTown[ti] ?? 0);
      put('U5_DEATHS', year, town, (infantByTown[ti] ?? 0) + (u5Extra[ti] ?? 0));
      put('MATERNAL_DEATHS', year, town, maternalByTown[ti] ?? 0);
      SEXES.forEach((sex, s) =>
        AGE_GROUPS.forEach((g, i) =>
          put('POP_MIDYEAR_SEX_AGE', year, town, townPop[ti]?.[s]?.[i] ?? 0, `${sex}, ${g.name}`),
        ),
      );
    });
    // Deaths by sex and age: calibrated for the district, shared out to towns by population.
    const infantDistrict: [number, number] = [
      infantBySex.reduce((a, x) => a + (x[0] ?? 0), 0),
      infantBySex.reduce((a, x) => a + (x[1] ?? 0), 0),
    ];
    const deaths = calibrateDeaths(districtPop, infantDistrict, f.lifeExpectancy);
    const ncd = calibrateNcd(districtPop, deaths, f.prematureNcd);
    for (const s of [0, 1]) {
      AGE_GROUPS.forEach((g, i) => {
        const byTown =
          i === 0
            ? infantBySex.map((x) => x[s] ?? 0)
            : apportion(
                deaths[s]?.[i] ?? 0,
                townPop.map((tp) => (tp[s]?.[i] ?? 0) * jitter(0.2)),
              );
        const ncdByTown = apportion(ncd[s]?.[i] ?? 0, byTown);
        byTown.forEach((d, ti) => {
          const town = TOWNS[ti]?.[0] ?? '';
          put('DEATHS_SEX_AGE', year, town, d, `${SEXES[s]}, ${g.name}`);
          if (g.age >= 30 && g.age < 70) {
            put('NCD_DEATHS_SEX_AGE', year, town, ncdByTown[ti] ?? 0, `${SEXES[s]}, ${g.name}`);
          }
        });
      });
    }
    apportion(
      f.childcarePlaces,
      townWeights.map((w) => w * jitter(0.3)),
    ).forEach((n, ti) => put('CHILDCARE_PLACES', year, TOWNS[ti]?.[0] ?? '', n));

    // Resources at the end of the year, per institution. Public hospitals grow with the plan's projects.
    const growth = (i: Institution): number =>
      1 + (year - 2020) * (i.kind === 'public_hospital' ? 0.07 : i.kind === 'private_hospital' ? 0.05 : 0.03);
    const bedHolders = insts.filter((i) =>
      ['public_hospital', 'health_centre', 'community_centre', 'private_hospital'].includes(i.kind),
    );
    const beds = apportion(
      f.beds,
      bedHolders.map((i) => i.size * growth(i)),
    );
    const bedsOf = new Map(bedHolders.map((i, k) => [i.code, beds[k] ?? 0]));
    lastBeds = bedsOf;
    bedHolders.forEach((i, k) => put('BEDS', year, i.code, beds[k] ?? 0));
    const staff = insts.filter((i) => i.kind !== 'other' && i.kind !== 'enforcement');
    const staffWeight = (i: Institution, doctor: boolean): number =>
      i.kind === 'village_clinic'
        ? doctor
          ? 0.45
          : 0.05
        : i.kind === 'clinic'
          ? doctor
            ? 1.2
            : 0.6
          : i.kind === 'cdc'
            ? doctor
              ? 60
              : 30
            : (bedsOf.get(i.code) ?? 0) * (doctor ? 0.42 : 0.5) * (i.kind === 'private_hospital' ? 0.7 : 1);
    const doctors = apportion(
      f.doctors,
      staff.map((i) => staffWeight(i, true) * jitter(0.1)),
    );
    const nurses = apportion(
      f.nurses,
      staff.map((i) => staffWeight(i, false) * jitter(0.1)),
    );
    staff.forEach((i, k) => {
      put('DOCTORS', year, i.code, doctors[k] ?? 0);
      put('NURSES', year, i.code, nurses[k] ?? 0);
    });
    const gpHolders = insts.filter((i) =>
      ['public_hospital', 'health_centre', 'community_centre'].includes(i.kind),
    );
    apportion(
      f.gps,
      gpHolders.map((i) => (i.kind === 'public_hospital' ? 4 : 12) * jitter(0.2)),
    ).forEach((n, k) => put('GPS', year, gpHolders[k]?.code ?? '', n));
    const hospitals = insts.filter((i) => i.kind === 'public_hospital' || i.kind === 'private_hospital');
    apportion(
      f.pharmacists,
      hospitals.map((i) => (bedsOf.get(i.code) ?? 0) * (i.kind === 'public_hospital' ? 1 : 0.3)),
    ).forEach((n, k) => put('CLIN_PHARMACISTS', year, hospitals[k]?.code ?? '', n));
    // Senior-care departments: every general hospital of grade II and above has one.
    for (const h of PUBLIC_HOSPITALS.filter((x) => x.general)) {
      put('GENERAL_HOSPITALS_L2PLUS', year, h.code, 1);
      put('SENIOR_DEPT_HOSPITALS', year, h.code, 1);
    }
    // Research funds of the tertiary public hospitals.
    const tertiary = PUBLIC_HOSPITALS.filter((h) => h.tertiary);
    const tech = tertiary.map((h) => Math.round((bedsOf.get(h.code) ?? 0) * 1.35));
    const techTotal = tech.reduce((a, b) => a + b, 0);
    const funds = apportion(Math.round(f.researchPerTech * techTotal), [0.72, 0.28]);
    tertiary.forEach((h, k) => {
      put('TECH_STAFF_TERTIARY', year, h.code, tech[k] ?? 0);
      put('RESEARCH_FUNDS', year, h.code, funds[k] ?? 0);
    });

    // Monthly service reports; winter peaks, the 2020 epidemic dip and the December 2022 wave.
    let tcmOpd = 0;
    let tcmIp = 0;
    for (let m = 1; m <= 12; m++) {
      const tcm = monthlyReports(year, m, bedsOf, jitter);
      tcmOpd += tcm.opd;
      tcmIp += tcm.ip;
    }
    put('TCM_OPD', year, 'JJ-H2', tcmOpd);
    put('TCM_OPD_HERB', year, 'JJ-H2', Math.round(tcmOpd * f.tcmOpdHerbShare));
    put('TCM_IP', year, 'JJ-H2', tcmIp);
    put('TCM_IP_HERB', year, 'JJ-H2', Math.round(tcmIp * f.tcmIpHerbShare));

    // Basic public health services, reported yearly by each 卫生院 / 社区卫生服务中心 for its town.
    const k = year - 2020;
    for (const i of insts.filter((x) => x.kind === 'health_centre' || x.kind === 'community_centre')) {
      const ti = townIndex.get(i.town) ?? 0;
      const pop = apportion(f.population, townWeights)[ti] ?? 0;
      const births = birthsByTown[ti] ?? 0;
      const htn = Math.round(pop * 0.062 * jitter(0.1));
      const dm = Math.round(pop * 0.019 * jitter(0.1));
      const due = Math.round(births * 9.5 * jitter(0.05));
      const u3 = Math.round(births * 2.9 * jitter(0.05));
      const preTarget = Math.round(births * 1.15 * jitter(0.05));
      put('HTN_MANAGED', year, i.code, htn);
      put('HTN_MANAGED_STD', year, i.code, Math.round(htn * (0.64 + 0.02 * k) * jitter(0.04)));
      put('DM_MANAGED', year, i.code, dm);
      put('DM_MANAGED_STD', year, i.code, Math.round(dm * (0.61 + 0.02 * k) * jitter(0.04)));
      put('VACC_DUE', year, i.code, due);
      put('VACC_DONE', year, i.code, Math.min(due, Math.round(due * 0.975 * jitter(0.015))));
      put(
        'MATERNAL_SYS_MANAGED',
        year,
        i.code,
        Math.min(births, Math.round(births * (0.93 + 0.008 * k) * jitter(0.02))),
      );
      put('CHILD_U3', year, i.code, u3);
      put(
        'CHILD_U3_SYS_MANAGED',
        year,
        i.code,
        Math.min(u3, Math.round(u3 * (0.91 + 0.01 * k) * jitter(0.02))),
      );
      put('EHR_STD', year, i.code, Math.round(pop * (0.78 + 0.01 * k) * jitter(0.03)));
      put('PRECONCEPTION_TARGET', year, i.code, preTarget);
      put(
        'PRECONCEPTION_CHECKED',
        year,
        i.code,
        Math.min(preTarget, Math.round(preTarget * 0.9 * jitter(0.05))),
      );
    }
  }

  // The last RECENT_MONTHS months through the latest period due on `today` (never before 2025), so
  // the cockpit's "last period" has reports. Their own random stream: the 2020–2024 figures do not
  // move. Only a quarter, not every month since 2024: the demo's build time (and every test that
  // builds it) grows with each month.
  if (options.recentThrough !== undefined) {
    const more = seededRandom(seed + 3);
    const jitterMore = (spread: number): number => 1 - spread + 2 * spread * more();
    const last = DEMO_YEARS[DEMO_YEARS.length - 1] ?? 2024;
    const through = parsePeriod(options.recentThrough);
    const first = [shiftPeriod(through, 1 - RECENT_MONTHS), parsePeriod(`${last + 1}01`)].sort((x, y) =>
      y.id.localeCompare(x.id),
    )[0];
    for (let p = first ?? through; p.id <= through.id; p = shiftPeriod(p, 1)) {
      monthlyReports(Number(p.id.slice(0, 4)), Number(p.id.slice(4)), lastBeds, jitterMore);
    }
    // The latest month is not complete: one institution has not reported yet (see RECENT_MISSING).
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v && v.orgUnit === RECENT_MISSING.orgUnit && v.period === options.recentThrough) {
        values.splice(i, 1);
      }
    }
  }

  for (const p of PLANTED_PROBLEMS) {
    const at = values.findIndex(
      (v) => v.dataElement === p.dataElement && v.orgUnit === p.orgUnit && v.period === p.period,
    );
    const other = values.find(
      (v) => v.dataElement === p.other && v.orgUnit === p.orgUnit && v.period === p.period,
    );
    const target = values[at];
    if (at < 0 || !target || !other) {
      throw new Error(`planted problem ${p.rule} has no value to change at ${p.orgUnit} ${p.period}`);
    }
    const next = p.set(Number(target.value), Number(other.value));
    if (next === null) {
      values.splice(at, 1);
    } else {
      target.value = String(next);
    }
  }

  for (const p of PLANTED_OUTLIERS) {
    const target = values.find(
      (v) => v.dataElement === p.dataElement && v.orgUnit === p.orgUnit && v.period === p.period,
    );
    if (!target) {
      throw new Error(`planted outlier has no value at ${p.orgUnit} ${p.period}`);
    }
    target.value = String(Math.round(Number(target.value) * p.factor));
  }

  const dropped = new Set(PLANTED_MISSING.map((m) => `${m.orgUnit}|${m.period}`));
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v && dropped.has(`${v.orgUnit}|${v.period}`)) {
      values.splice(i, 1);
    }
  }

  // Notifiable diseases last, from their own generator, so the figures above do not move.
  notifiableCases(seededRandom(seed + 1), (de, pe, ou, v) => put(de, pe, ou, v));

  const counts = { towns: TOWNS.length, institutions: insts.length } as DemoDistrict['counts'];
  for (const kind of Object.keys(KIND_NAMES) as Institution['kind'][]) {
    counts[kind] = insts.filter((i) => i.kind === kind).length;
  }
  return { metadata: demoMetadata(insts), values, counts };
}

function demoMetadata(insts: Institution[]): Record<string, unknown> {
  const by = (...kinds: Institution['kind'][]): string[] =>
    insts.filter((i) => kinds.includes(i.kind)).map((i) => i.code);
  const groups = (Object.keys(KIND_NAMES) as Institution['kind'][]).map((kind) => ({
    code: `TYPE_${kind.toUpperCase()}`,
    name: KIND_NAMES[kind],
    orgUnits: by(kind),
  }));
  const publicKinds: Institution['kind'][] = [
    'public_hospital',
    'health_centre',
    'community_centre',
    'village_clinic',
    'cdc',
    'enforcement',
  ];
  const towns = TOWNS.map(([code]) => code);
  return {
    orgUnitLevels: [
      { level: 1, name: '区县' },
      { level: 2, name: '镇街' },
      { level: 3, name: '机构' },
    ],
    orgUnits: [
      { code: 'JJ', name: '江津区（演示）', shortName: '江津', openingDate: '2006-10-22' },
      ...TOWNS.map(([code, name]) => ({
        code,
        name,
        parent: 'JJ',
        openingDate: '2006-10-22',
        latitude: TOWN_COORDINATES[code]?.[0] ?? null,
        longitude: TOWN_COORDINATES[code]?.[1] ?? null,
      })),
      ...insts.map((i) => ({
        code: i.code,
        name: i.name,
        parent: i.town,
        type: KIND_NAMES[i.kind],
        openingDate: '2000-01-01',
      })),
    ],
    orgUnitGroups: [
      ...groups,
      {
        code: 'OWN_PUBLIC',
        name: '公立',
        orgUnits: insts.filter((i) => publicKinds.includes(i.kind)).map((i) => i.code),
      },
      {
        code: 'OWN_PRIVATE',
        name: '民营',
        orgUnits: insts.filter((i) => !publicKinds.includes(i.kind)).map((i) => i.code),
      },
    ],
    orgUnitGroupSets: [
      { code: 'INST_TYPE', name: '机构类别', exclusive: true, groups: groups.map((g) => g.code) },
      { code: 'OWNERSHIP', name: '所有制', exclusive: true, groups: ['OWN_PUBLIC', 'OWN_PRIVATE'] },
    ],
    dataSets: [
      {
        code: 'JJ_NOTIFIABLE_D',
        name: '法定传染病日报（按发病日期）',
        periodType: 'Daily',
        expiryDays: 7,
        timelyDays: 1,
        dataElements: NOTIFIABLE.map((d) => `ID_${d.code}`),
        orgUnits: towns,
      },
      {
        code: 'JJ_POP_MCH_Y',
        name: '人口与妇幼年报',
        periodType: 'Yearly',
        expiryDays: 90,
        timelyDays: 60,
        dataElements: [
          'POP_RESIDENT_YE',
          'POP_AVG',
          'POP_MIDYEAR_SEX_AGE',
          'LIVE_BIRTHS',
          'BIRTHS_BY_MOTHER_AGE',
          'INFANT_DEATHS',
          'NEONATAL_DEATHS',
          'U5_DEATHS',
          'MATERNAL_DEATHS',
          'DEATHS_SEX_AGE',
          'NCD_DEATHS_SEX_AGE',
          'CHILDCARE_PLACES',
        ],
        orgUnits: towns,
      },
      {
        code: 'JJ_RESOURCES_Y',
        name: '卫生资源年报',
        periodType: 'Yearly',
        expiryDays: 60,
        timelyDays: 30,
        dataElements: [
          'BEDS',
          'DOCTORS',
          'NURSES',
          'GPS',
          'CLIN_PHARMACISTS',
          'GENERAL_HOSPITALS_L2PLUS',
          'SENIOR_DEPT_HOSPITALS',
          'TECH_STAFF_TERTIARY',
          'RESEARCH_FUNDS',
          'TCM_OPD',
          'TCM_OPD_HERB',
          'TCM_IP',
          'TCM_IP_HERB',
        ],
        orgUnits: by(
          'public_hospital',
          'health_centre',
          'community_centre',
          'private_hospital',
          'village_clinic',
          'clinic',
          'cdc',
        ),
      },
      {
        code: 'JJ_SERVICES_M',
        name: '医疗服务月报',
        periodType: 'Monthly',
        ...MONTHLY_REPORTING,
        dataElements: [
          'OPD_VISITS',
          'OPD_VISITS_ANTIBIOTIC',
          'OPEN_BED_DAYS',
          'OCCUPIED_BED_DAYS',
          'DISCHARGES',
          'INPATIENT_BED_DAYS',
          'INPATIENTS',
          'HAI_CASES',
          'READMISSIONS_30D',
        ],
        orgUnits: by('public_hospital', 'health_centre', 'community_centre', 'private_hospital'),
      },
      {
        code: 'JJ_PRIMARY_OPD_M',
        name: '基层门诊月报',
        periodType: 'Monthly',
        ...MONTHLY_REPORTING,
        dataElements: ['OPD_VISITS', 'OPD_VISITS_ANTIBIOTIC'],
        orgUnits: by('village_clinic', 'clinic'),
      },
      {
        code: 'JJ_PUBLIC_HEALTH_Y',
        name: '基本公共卫生服务年报',
        periodType: 'Yearly',
        expiryDays: 60,
        timelyDays: 30,
        dataElements: [
          'HTN_MANAGED',
          'HTN_MANAGED_STD',
          'DM_MANAGED',
          'DM_MANAGED_STD',
          'VACC_DUE',
          'VACC_DONE',
          'MATERNAL_SYS_MANAGED',
          'CHILD_U3',
          'CHILD_U3_SYS_MANAGED',
          'EHR_STD',
          'PRECONCEPTION_TARGET',
          'PRECONCEPTION_CHECKED',
        ],
        orgUnits: by('health_centre', 'community_centre'),
      },
    ],
  };
}
