import { Writable } from 'node:stream';
import type { ValueFilter } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import { exportValues } from './export-data.js';

/**
 * The selected values as one text document (DHIS2 JSON or CSV), for an answer that is sent
 * whole: the export writes a stream, collected here into a string.
 */
export async function exportValuesText(
  store: Store,
  filter: ValueFilter,
  format: 'dhis2-json' | 'dhis2-csv',
): Promise<string> {
  let body = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb): void {
      body += chunk.toString();
      cb();
    },
  });
  await exportValues(store, filter, format, sink);
  return body;
}
