import type { Migration } from 'kysely';
import type { DialectAdapter } from '../dialects/dialect-adapter.js';
import { foundation } from './0001-foundation.js';
import { rollups } from './0002-rollups.js';
import { functionIndicators } from './0003-function-indicators.js';
import { metadataVersion } from './0004-metadata-version.js';
import { auth } from './0005-auth.js';
import { plans } from './0006-plans.js';
import { surveillance } from './0007-surveillance.js';
import { validation } from './0008-validation.js';
import { registration } from './0009-registration.js';
import { approval } from './0010-approval.js';
import { messageKeys } from './0011-message-keys.js';
import { openFuturePeriods } from './0013-open-future-periods.js';
import { workspace } from './0014-workspace.js';

/** Numbered, append-only: never edit a released migration; add the next number instead. */
export function migrations(dialect: DialectAdapter): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-rollups': rollups(dialect),
    '0003-function-indicators': functionIndicators(),
    '0004-metadata-version': metadataVersion(),
    '0005-auth': auth(dialect),
    '0006-plans': plans(dialect),
    '0007-surveillance': surveillance(dialect),
    '0008-validation': validation(dialect),
    '0009-registration': registration(dialect),
    '0010-approval': approval(dialect),
    '0011-message-keys': messageKeys(),
    '0013-open-future-periods': openFuturePeriods(),
    '0014-workspace': workspace(dialect),
  };
}
