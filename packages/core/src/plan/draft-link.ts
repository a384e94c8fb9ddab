/**
 * Links a plan indicator to the indicator library by its name and unit, the way a reader would:
 * the same name; the same name once remarks in brackets and the area prefix are dropped
 * (`门诊处方抗菌药物（抗微生物药物）使用率` is `门诊处方抗菌药物使用率`, `全区儿童青少年总体近视率`
 * is `儿童青少年总体近视率`); or a library name the plan's ends with (`以乡（镇、街道）为单位适龄儿童
 * 免疫规划疫苗接种率`), which the reviewer is asked to check. A link needs the units to agree
 * (no unit on either side agrees with anything); a name that matches with another unit is not
 * linked, and said so.
 */
export interface LibraryIndicator {
  code: string;
  name: string;
  unit: string | null;
  polarity: 'higher' | 'lower' | 'neutral' | null;
}

/** How a link was made; `chosen`: by the reviewer. */
export type LinkMatch = 'exact' | 'normalised' | 'partial' | 'chosen';

export interface DraftLink {
  code: string;
  name: string;
  unit: string | null;
  match: LinkMatch;
}

export type LinkResult =
  | { kind: 'linked'; link: DraftLink; polarity: LibraryIndicator['polarity'] }
  | { kind: 'unitDiffers'; candidate: LibraryIndicator }
  | { kind: 'none' };

const squeeze = (s: string): string => s.replace(/[\s\u3000]/g, '');
/** Brackets and their content, the area prefix (全区/全市/全县/本区…), the 报告值 marker of reported library indicators. */
function normalised(name: string): string {
  return squeeze(name)
    .replace(/[（(][^（）()]*[）)]/g, '')
    .replace(/^(?:全区|全市|全县|全省|本区|本市|本县|辖区)/, '');
}

/** The shortest library name a plan name may end with and still be linked (short ones such as 死亡率 match too much). */
const MIN_PARTIAL = 6;

const unitKey = (u: string | null | undefined): string => squeeze(u ?? '').replace(/^\//, '1/');
const unitsAgree = (a: string | null | undefined, b: string | null | undefined): boolean =>
  unitKey(a) === '' || unitKey(b) === '' || unitKey(a) === unitKey(b);

export function linkIndicator(
  name: string,
  unit: string | null,
  library: readonly LibraryIndicator[],
): LinkResult {
  const tiers: [LinkMatch, (lib: LibraryIndicator) => boolean][] = [
    ['exact', (lib) => squeeze(lib.name) === squeeze(name)],
    ['normalised', (lib) => normalised(lib.name) !== '' && normalised(lib.name) === normalised(name)],
    [
      'partial',
      (lib) =>
        normalised(lib.name).length >= MIN_PARTIAL &&
        normalised(name).endsWith(normalised(lib.name)) &&
        normalised(name) !== normalised(lib.name),
    ],
  ];
  let differs: LibraryIndicator | null = null;
  for (const [match, test] of tiers) {
    const hits = library.filter(test);
    const agreeing = hits.filter((lib) => unitsAgree(lib.unit, unit));
    // The longest matching name is the most specific (an ending match: the one that explains most of the name).
    const best = [...agreeing].sort((a, b) => normalised(b.name).length - normalised(a.name).length)[0];
    if (best) {
      return {
        kind: 'linked',
        link: { code: best.code, name: best.name, unit: best.unit, match },
        polarity: best.polarity,
      };
    }
    differs ??= hits[0] ?? null;
  }
  return differs ? { kind: 'unitDiffers', candidate: differs } : { kind: 'none' };
}
