import { everywhereContext } from '@healthwatch/services';
import type { ServiceContext } from '@healthwatch/services';
import type { GlobalOptions } from './io.js';

/** The command line acts everywhere, as its `--user`, in its `--lang`, on the system date. */
export function cliContext(g: GlobalOptions): ServiceContext {
  return everywhereContext(g.user, g.lang);
}
