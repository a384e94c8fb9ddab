/**
 * The generated district of the import benchmarks: 2,000 facilities under 20 towns, 50 monthly
 * data elements, and a CSV (Chinese headers) of `rows` values for them, deterministic.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const UNITS = 2000;
export const ELEMENTS = 50;

/** Writes md.json (the district) and values.csv into `dir`; returns their paths and the row count. */
export async function writeLargeCsvFixture(
  dir: string,
  rows: number,
  firstYear = 2024,
): Promise<{ metadata: string; csv: string; rows: number }> {
  const md = {
    orgUnits: [
      { code: 'D', name: '基准区' },
      ...Array.from({ length: 20 }, (_, t) => ({ code: `T${t}`, name: `镇${t}`, parent: 'D' })),
      ...Array.from({ length: UNITS }, (_, i) => ({ code: `F${i}`, name: `机构${i}`, parent: `T${i % 20}` })),
    ],
    dataElements: Array.from({ length: ELEMENTS }, (_, i) => ({
      code: `E${i}`,
      name: `数据元${i}`,
      valueType: 'INTEGER_ZERO_OR_POSITIVE',
    })),
    dataSets: [
      {
        code: 'M',
        name: '月报',
        periodType: 'Monthly',
        dataElements: Array.from({ length: ELEMENTS }, (_, i) => `E${i}`),
        orgUnits: Array.from({ length: UNITS }, (_, i) => `F${i}`),
      },
    ],
  };
  const metadata = join(dir, 'md.json');
  writeFileSync(metadata, JSON.stringify(md));
  const csv = join(dir, 'values.csv');
  const out = createWriteStream(csv);
  out.write('数据元,期间,机构,数值,备注\n');
  const months = Math.ceil(rows / (UNITS * ELEMENTS));
  let n = 0;
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let m = 0; m < months && n < rows; m++) {
    const pe = `${firstYear + Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;
    for (let f = 0; f < UNITS && n < rows; f++) {
      let chunk = '';
      for (let e = 0; e < ELEMENTS && n < rows; e++, n++) {
        chunk += `E${e},${pe},F${f},${Math.floor(rnd() * 200)},\n`;
      }
      if (!out.write(chunk)) {
        await once(out, 'drain');
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return { metadata, csv, rows: n };
}
