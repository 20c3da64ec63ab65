import zlib from 'node:zlib';

/** A decoded image: `data` holds RGBA bytes, row by row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Decodes a non-interlaced 8-bit RGB or RGBA PNG (what Chromium's screenshots are), so tests can check the colours
 * that were really painted. Throws on anything else rather than guessing.
 */
export function decodePng(file: Buffer): Pixels {
  if (!file.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('not a PNG file');
  }
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (bitDepth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? current[i - channels] : 0;
      const up = previous[i];
      const upLeft = i >= channels ? previous[i - channels] : 0;
      current[i] = (line[i] + predictor(filter, left, up, upLeft)) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = current[x * channels];
      out[o + 1] = current[x * channels + 1];
      out[o + 2] = current[x * channels + 2];
      out[o + 3] = channels === 4 ? current[x * channels + 3] : 255;
    }
    previous = current;
  }
  return { width, height, data: out };
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`bad PNG filter type ${filter}`);
  }
}

/** The mean colour of a rectangle. */
export function meanColour(pixels: Pixels, x0: number, y0: number, x1: number, y1: number): [number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(pixels.height, y1); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(pixels.width, x1); x++) {
      const o = (y * pixels.width + x) * 4;
      r += pixels.data[o];
      g += pixels.data[o + 1];
      b += pixels.data[o + 2];
      n++;
    }
  }
  return [r / n, g / n, b / n];
}

/** How many pixels of a rectangle lie within `tolerance` (Euclidean, in RGB units) of `colour`. */
export function countNear(
  pixels: Pixels,
  colour: [number, number, number],
  tolerance: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number
): number {
  let count = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(pixels.height, y1); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(pixels.width, x1); x++) {
      const o = (y * pixels.width + x) * 4;
      const dr = pixels.data[o] - colour[0];
      const dg = pixels.data[o + 1] - colour[1];
      const db = pixels.data[o + 2] - colour[2];
      if (dr * dr + dg * dg + db * db <= tolerance * tolerance) {
        count++;
      }
    }
  }
  return count;
}
