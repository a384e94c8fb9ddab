import type { LibraryIndicator } from '@healthwatch/core';
import { indicatorSummaries } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import * as z from 'zod';
import { readJsonFile } from '../files/read-json-file.js';

/** What draft rows are linked to: the indicators of a database, or of a metadata file (packs/standard-library). */

const polarityOf = (p: string | null | undefined): LibraryIndicator['polarity'] =>
  p === 'higher' || p === 'lower' || p === 'neutral' ? p : null;

/** The indicators stored in the database the plan is for (plain and function indicators). */
export async function libraryFromStore(store: Store): Promise<LibraryIndicator[]> {
  return (await indicatorSummaries(store.db)).map((x) => ({
    code: x.code,
    name: x.name,
    unit: x.unit,
    polarity: polarityOf(x.polarity),
  }));
}

const Named = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  unit: z.string().nullish(),
  polarity: z.string().nullish(),
});
const MetadataIndicators = z.object({
  indicators: z.array(Named).default([]),
  functionIndicators: z.array(Named).default([]),
});

/** The indicators (and function indicators) of a native metadata file, e.g. packs/standard-library/metadata.json. */
export async function libraryFromMetadataFile(path: string): Promise<LibraryIndicator[]> {
  const doc = await readJsonFile(path, MetadataIndicators);
  return [...doc.indicators, ...doc.functionIndicators].map((x) => ({
    code: x.code,
    name: x.name,
    unit: x.unit ?? null,
    polarity: polarityOf(x.polarity),
  }));
}
