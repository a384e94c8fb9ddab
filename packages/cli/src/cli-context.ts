import type { ServiceContext } from '@healthwatch/services';
import type { GlobalOptions } from './io.js';

/**
 * The command line acts everywhere, as its `--user`, in its `--lang`, on the system date (UTC, as
 * the services' `systemToday`). Built here rather than with the services' `everywhereContext`:
 * importing the services at module load would make every command, even `--version`, load them.
 */
export function cliContext(g: GlobalOptions): ServiceContext {
  return { actor: g.user, locale: g.lang, scope: 'everything', today: new Date().toISOString().slice(0, 10) };
}
