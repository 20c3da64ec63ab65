import zlib from 'node:zlib';

import { countNear, decodePng, meanColour } from './pngPixels';

/** Builds a PNG by hand from the specification (chunks with CRCs), with a chosen filter per row. */
function encodePng(width: number, height: number, rgb: number[][], filters: number[]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) {
      c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = rgb[y];
    const up = y > 0 ? rgb[y - 1] : row.map(() => 0);
    rows.push(filters[y]);
    row.forEach((value, i) => {
      // Filter 1 (Sub) stores the difference to the pixel on the left; filter 2 (Up) to the pixel above.
      const reference = filters[y] === 1 ? (i >= 3 ? row[i - 3] : 0) : filters[y] === 2 ? up[i] : 0;
      rows.push((value - reference) & 0xff);
    });
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('decodePng', () => {
  const rows = [
    [255, 0, 0, 0, 255, 0],
    [10, 20, 30, 200, 100, 50],
  ];

  it.each([
    ['None', [0, 0]],
    ['Sub', [1, 1]],
    ['Up', [0, 2]],
  ])('decodes rows stored with the %s filter', (_name, filters) => {
    const pixels = decodePng(encodePng(2, 2, rows, filters as number[]));
    expect([pixels.width, pixels.height]).toEqual([2, 2]);
    expect([...pixels.data]).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 10, 20, 30, 255, 200, 100, 50, 255]);
  });

  it('rejects what is not a PNG', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('not a PNG file');
  });

  it('averages and counts colours in a rectangle', () => {
    const pixels = decodePng(encodePng(2, 2, rows, [0, 0]));
    expect(meanColour(pixels, 0, 0, 2, 1)).toEqual([127.5, 127.5, 0]);
    expect(countNear(pixels, [250, 0, 0], 10, 0, 0, 2, 2)).toBe(1);
  });
});
