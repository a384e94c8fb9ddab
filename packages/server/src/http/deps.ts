import type { DataChange, PdfPrinter } from '@healthwatch/services';
import type { AddressLimiter } from '@healthwatch/services';
import type { Store } from '@healthwatch/store';
import type { ClientAddresses } from './client-address.js';

export interface AppOptions {
  /** Largest accepted request body in bytes (413 above it). */
  maxBodyBytes?: number;
  version?: string;
  /** Prints PDF reports (and the charts of DOCX reports); without it PDF answers 503. */
  printer?: PdfPrinter;
  /** Called after data values change through the API (imports, single values), e.g. to run early warning. */
  onDataChanged?: (change?: DataChange) => void;
  /** The built web application (packages/web/dist), served outside /api. */
  webRoot?: string | undefined;
  /** Today as yyyy-mm-dd for expiry locking (default: the date in `timeZone`; tests pin it). */
  today?: () => string;
  /** The deployment's time zone, the one whose date is today (default Asia/Shanghai; HEALTHWATCH_TIMEZONE). */
  timeZone?: string;
  /**
   * Reverse proxies whose X-Forwarded-For may be believed (addresses or CIDR ranges); without
   * them the client address is the socket's peer (see client-address.ts).
   */
  trustedProxies?: readonly string[];
  /** Where 催报 reminders are posted as JSON (HEALTHWATCH_NOTIFY_WEBHOOK); without it they are only recorded. */
  notifyWebhook?: string | undefined;
  /** Where uploads are spooled (default `<tmpdir>/healthwatch-uploads-<uid>`, mode 0700). */
  uploadDir?: string;
}

/** What the route modules are built with: the store, the options and the per-app helpers. */
export interface RouteDeps {
  readonly store: Store;
  readonly options: AppOptions;
  /** The body limit of every /api request, in bytes. */
  readonly maxBody: number;
  readonly addresses: ClientAddresses;
  readonly limiter: AddressLimiter;
}
