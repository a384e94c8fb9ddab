import { periodOfDate, shiftPeriod } from '@healthwatch/core';
import { cachedMetadataIndex, latestDataDate, readSetting } from '@healthwatch/store';
import type { Store } from '@healthwatch/store';
import type { ServiceContext } from '../service-context.js';
import { detectSurveillanceEvents, loadSurveillanceConfig } from './surveillance-service.js';
import type { SeriesDetector, SurveillanceDetection } from './surveillance-service.js';

/** Weeks evaluated by a scheduled run, ending at the latest week with case data. */
export const WINDOW_WEEKS = 4;

export interface LatestWeeksDetection {
  /** Null when no configuration is loaded or there is no case data yet. */
  detection: SurveillanceDetection | null;
  /** The data elements of the configured diseases: changes to other elements need no run. */
  watched: number[];
}

/**
 * What a scheduled run finds: the events of the last WINDOW_WEEKS weeks that have case data, not
 * saved (the scheduler saves them on its own connection). Only reads.
 */
export async function detectLatestWeeks(
  store: Store,
  ctx: ServiceContext,
  detector?: SeriesDetector,
): Promise<LatestWeeksDetection> {
  if (!(await readSetting(store.db, 'surveillance_config'))) {
    return { detection: null, watched: [] };
  }
  const config = await loadSurveillanceConfig(store);
  const index = await cachedMetadataIndex(store);
  const watched = config.diseases.flatMap((d) => {
    const de = index.findDataElement(d.dataElement);
    return de ? [de.id] : [];
  });
  const last = await latestDataDate(store.db, watched);
  if (!last) {
    return { detection: null, watched };
  }
  const to = periodOfDate('Weekly', last);
  return {
    detection: await detectSurveillanceEvents(
      store,
      ctx,
      { from: shiftPeriod(to, -(WINDOW_WEEKS - 1)).id, to: to.id },
      detector,
    ),
    watched,
  };
}
