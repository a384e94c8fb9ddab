import { ImportStatus } from '@healthwatch/contract';
import type { Conflict } from './resolve-value.js';

// The statuses are API vocabulary (the web app labels them): defined in the contract.
export { ImportStatus };

/** The import summary of architecture §6 (DHIS2-compatible counts plus our extras). */
export interface ImportSummary {
  status: ImportStatus;
  description: string;
  imported: number;
  updated: number;
  deleted: number;
  ignored: number;
  /** Rows read from the file (data rows, header excluded). */
  rows: number;
  dryRun: boolean;
  /** True when nothing was written (conflicts without --skip-conflicts, or a dry run). */
  rolledBack: boolean;
  /** Conflicts listed (at most {@link MAX_LISTED_CONFLICTS}); `conflictCount` has the total. */
  conflicts: Conflict[];
  conflictCount: number;
  ignoredColumns: string[];
}

export const MAX_LISTED_CONFLICTS = 10_000;
