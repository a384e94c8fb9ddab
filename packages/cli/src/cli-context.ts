import { dateInTimeZone } from '@healthwatch/core';
import type { ServiceContext } from '@healthwatch/services';
import type { GlobalOptions } from './io.js';

/**
 * The command line acts everywhere, as its `--user`, in its `--lang`, on today's date in the
 * deployment's time zone (as the services' `systemToday`). Built here rather than with the
 * services' `everywhereContext`: importing the services at module load would make every command,
 * even `--version`, load them.
 */
export function cliContext(g: GlobalOptions): ServiceContext {
  return {
    actor: g.user,
    locale: g.lang,
    scope: 'everything',
    today: dateInTimeZone(new Date(), g.timeZone),
    timeZone: g.timeZone,
  };
}
