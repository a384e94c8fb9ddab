/**
 * A Content-Disposition header for a download. File names come from data (data-set codes, plan
 * codes, report titles): the plain `filename` keeps printable ASCII only (quotes, backslashes and
 * control characters would end the header or split it into two), and `filename*` carries the
 * real name, percent-encoded (RFC 6266 / RFC 5987), so Chinese names arrive intact.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a header
  const clean = fileName.replace(/[\u0000-\u001f\u007f]/g, '');
  const ascii = clean.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
