import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * Builds XLSX files an attacker would send: parts of any expanded size from a few megabytes, with
 * sizes in the zip headers that lie. A part is `head + unit × repeat + tail`; the unit is deflated
 * once after a full flush (which resets the compressor, so its bytes stand alone) and written
 * `repeat` times, so a 5 GB part costs a few megabytes of disk and no memory.
 */
export interface BombPart {
  name: string;
  head: string;
  unit?: string;
  repeat?: number;
  tail?: string;
  /** What the headers claim the part expands to (default: the truth, if it fits in 32 bits). */
  declaredSize?: number;
}

interface Deflated {
  segments: { bytes: Buffer; times: number }[];
  size: number;
  crc: number;
}

async function deflateParts(head: Buffer, unit: Buffer, repeat: number, tail: Buffer): Promise<Deflated> {
  const z = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const take = (): Buffer => Buffer.concat(out.splice(0));
  const flushed = async (data: Buffer): Promise<Buffer> => {
    z.write(data);
    await new Promise<void>((resolve) => z.flush(constants.Z_FULL_FLUSH, () => resolve()));
    return take();
  };
  const h = await flushed(head);
  const u1 = await flushed(unit);
  const u2 = await flushed(unit);
  if (!u1.equals(u2)) {
    throw new Error('a fully flushed deflate segment did not repeat byte for byte');
  }
  z.end(tail);
  await once(z, 'end');
  const t = take();
  let crc = crc32(head);
  for (let i = 0; i < repeat; i++) {
    crc = crc32(unit, crc);
  }
  crc = crc32(tail, crc);
  return {
    segments: [
      { bytes: h, times: 1 },
      { bytes: u1, times: repeat },
      { bytes: t, times: 1 },
    ],
    size: head.length + unit.length * repeat + tail.length,
    crc,
  };
}

/** Writes a zip of deflated parts (no zip64: the declared sizes are taken modulo 2^32 if not given). */
export async function writeBombZip(
  path: string,
  parts: BombPart[],
): Promise<{ compressedBytes: number; expandedBytes: number }> {
  const file = createWriteStream(path);
  let offset = 0;
  const write = async (b: Buffer): Promise<void> => {
    offset += b.length;
    if (!file.write(b)) {
      await once(file, 'drain');
    }
  };
  const central: Buffer[] = [];
  let expanded = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const unit = Buffer.from(p.unit ?? '');
    const d =
      p.repeat && p.unit
        ? await deflateParts(Buffer.from(p.head), unit, p.repeat, Buffer.from(p.tail ?? ''))
        : single(Buffer.from(p.head + (p.tail ?? '')));
    expanded += d.size;
    const compressed = d.segments.reduce((s, x) => s + x.bytes.length * x.times, 0);
    const declared = (p.declaredSize ?? d.size) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(d.crc >>> 0, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const at = offset;
    await write(Buffer.concat([local, name]));
    for (const s of d.segments) {
      for (let i = 0; i < s.times; i++) {
        await write(s.bytes);
      }
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(d.crc >>> 0, 16);
    cd.writeUInt32LE(compressed, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(at, 42);
    central.push(cd, name);
  }
  const cdStart = offset;
  const cd = Buffer.concat(central);
  await write(cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdStart, 16);
  await write(end);
  file.end();
  await once(file, 'finish');
  return { compressedBytes: offset, expandedBytes: expanded };
}

function single(data: Buffer): Deflated {
  return {
    segments: [{ bytes: deflateRawSync(data, { level: 9 }), times: 1 }],
    size: data.length,
    crc: crc32(data),
  };
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts every workbook has, around one sheet and (optionally) a shared-strings part. */
export function workbookParts(o: {
  sheet: Omit<BombPart, 'name'>;
  sharedStrings?: Omit<BombPart, 'name'>;
}): BombPart[] {
  const parts: BombPart[] = [
    {
      name: '[Content_Types].xml',
      head:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (o.sharedStrings
          ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          : '') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS}><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${o.sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
  ];
  // Excel writes shared strings before the sheets: the order a streaming reader must cope with.
  if (o.sharedStrings) {
    parts.push({
      name: 'xl/sharedStrings.xml',
      ...o.sharedStrings,
      head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ${NS}>${o.sharedStrings.head}`,
      tail: `${o.sharedStrings.tail ?? ''}</sst>`,
    });
  }
  parts.push({
    name: 'xl/worksheets/sheet1.xml',
    ...o.sheet,
    head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>${o.sheet.head}`,
    tail: `${o.sheet.tail ?? ''}</sheetData></worksheet>`,
  });
  return parts;
}

/** A row of inline-string cells (no shared strings needed). */
export function inlineRow(r: number, cells: string[]): string {
  return `<row r="${r}">${cells.map((c) => `<c t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
}
