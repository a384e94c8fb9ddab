import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '@healthwatch/core';

export type TextEncoding = 'utf-8' | 'gb18030';

const SNIFF_BYTES = 256 * 1024;

/**
 * Detects a text file's encoding from its first bytes. UTF-8 (with or without BOM) is the norm;
 * files saved by Excel or WPS on Chinese Windows are often GBK, which GB18030 decodes as a
 * superset. Anything else is rejected clearly rather than imported as mojibake.
 */
export function sniffEncoding(head: Uint8Array, complete: boolean): TextEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return 'utf-8';
  }
  // A multi-byte character may be cut at the end of the sample; ignore up to 3 trailing bytes.
  let end = head.length;
  if (!complete) {
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && ((head[end - back - 1] ?? 0) & 0xc0) === 0x80) {
      back++;
    }
    if (end - back - 1 >= 0 && (head[end - back - 1] ?? 0) >= 0xc0) {
      end = end - back - 1;
    }
  }
  const sample = head.subarray(0, end);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'utf-8';
  } catch {
    // not UTF-8; try GBK below
  }
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(
      complete ? head : head.subarray(0, gbSafeEnd(head)),
    );
    // Plausible GBK text holds CJK characters and no control characters other than whitespace.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary data
    if (/[\u4e00-\u9fff]/.test(text) && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
      return 'gb18030';
    }
  } catch {
    // fall through
  }
  throw new AppError('HW_IMPORT_ENCODING');
}

/** Index before a possibly cut double-byte GBK character at the end of a sample. */
function gbSafeEnd(b: Uint8Array): number {
  let i = 0;
  let safe = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i += 1;
    } else if (i + 1 < b.length && (b[i + 1] ?? 0) >= 0x30 && (b[i + 1] ?? 0) <= 0x39) {
      i += 4; // GB18030 four-byte sequence
    } else {
      i += 2;
    }
    if (i <= b.length) {
      safe = i;
    }
  }
  return safe;
}

/** Reads a file's first bytes and says whether that was the whole file. */
export async function readHead(
  path: string,
  bytes = SNIFF_BYTES,
): Promise<{ head: Uint8Array; complete: boolean }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    const size = (await fh.stat()).size;
    return { head: buf.subarray(0, bytesRead), complete: bytesRead >= size };
  } finally {
    await fh.close();
  }
}

/** A stream of decoded text from a file (BOM removed), decoding chunk by chunk. */
export function decodedTextStream(path: string, encoding: TextEncoding): Readable {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  async function* gen(): AsyncGenerator<string> {
    for await (const chunk of source) {
      const s = decoder.decode(chunk as Buffer, { stream: true });
      if (s) {
        yield s;
      }
    }
    const tail = decoder.decode();
    if (tail) {
      yield tail;
    }
  }
  return Readable.from(gen());
}
