import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDib, encodeIco, readIco, type RgbaImage } from '../../scripts/ico-file';
import { ICNS_TYPES, readIcns } from '../../scripts/icns-file';
import { decodePng, ICNS_FILE, ICO_FILE, ICO_PNG_FROM, ICO_SIZES, ICON_SOURCE, LINUX_ICON_DIR, LINUX_SIZES, rasterize } from '../../scripts/make-icons';

const assets = path.resolve(import.meta.dirname, '../../assets');

/** Mean absolute difference per channel between two images of one size (0 = identical). */
function meanDifference(a: RgbaImage, b: RgbaImage): number {
  expect(a.size).toBe(b.size);
  let sum = 0;
  for (let i = 0; i < a.rgba.length; i += 1) sum += Math.abs((a.rgba[i] as number) - (b.rgba[i] as number));
  return sum / a.rgba.length;
}

/** Committed icons may differ from a fresh render only by encoder rounding, never by content. */
const SAME_PICTURE = 0.5;

describe('assets/icon.ico', () => {
  it('holds one 32-bit image per Windows size, DIB below 256 px and PNG at 256 px', async () => {
    const entries = readIco(await readFile(path.join(assets, ICO_FILE)));

    expect(entries.map((e) => [e.width, e.height])).toEqual(ICO_SIZES.map((s) => [s, s]));
    for (const entry of entries) {
      expect(entry.bitCount).toBe(32);
      expect(entry.planes).toBe(1);
      expect(entry.format).toBe(entry.width >= ICO_PNG_FROM ? 'png' : 'bmp');
    }
  });

  it('shows the same picture as a fresh render of icon.svg at every size', async () => {
    const svg = await readFile(path.join(assets, ICON_SOURCE));
    const entries = readIco(await readFile(path.join(assets, ICO_FILE)));

    for (const entry of entries) {
      const committed = entry.format === 'png' ? await decodePng(entry.data) : decodeDib(entry.data);
      expect(committed.size).toBe(entry.width);
      expect(meanDifference(committed, await rasterize(svg, entry.width)), `${entry.width} px entry is stale: run npm run icons`).toBeLessThan(SAME_PICTURE);
    }
  });
});

describe('assets/icons (Linux)', () => {
  it('has a PNG per size matching a fresh render of icon.svg', async () => {
    const svg = await readFile(path.join(assets, ICON_SOURCE));

    for (const size of LINUX_SIZES) {
      const png = await decodePng(await readFile(path.join(assets, LINUX_ICON_DIR, `${size}x${size}.png`)));
      expect(png.size).toBe(size);
      expect(meanDifference(png, await rasterize(svg, size)), `${size}x${size}.png is stale: run npm run icons`).toBeLessThan(SAME_PICTURE);
    }
  });
});

describe('assets/icon.icns (macOS)', () => {
  it("holds iconutil's entries, each the committed PNG of its pixel size", async () => {
    const entries = readIcns(await readFile(path.join(assets, ICNS_FILE)));

    expect(entries.map((e) => e.type)).toEqual(ICNS_TYPES.map(([type]) => type));
    for (const [i, [type, size]] of ICNS_TYPES.entries()) {
      const png = await readFile(path.join(assets, LINUX_ICON_DIR, `${size}x${size}.png`));
      expect(Buffer.compare(Buffer.from(entries[i]!.data), png), `${type} is stale: run npm run icons`).toBe(0);
    }
  });

  it('rejects a file whose length field disagrees with its size', async () => {
    const bytes = new Uint8Array(await readFile(path.join(assets, ICNS_FILE)));

    expect(() => readIcns(bytes.subarray(0, bytes.length - 1))).toThrow(/length/);
  });
});

describe('the staleness comparison', () => {
  it('tells a changed drawing apart from the committed icon', async () => {
    const svg = (await readFile(path.join(assets, ICON_SOURCE), 'utf8')).replaceAll('#ffd43b', '#d4145a');
    const committed = readIco(await readFile(path.join(assets, ICO_FILE))).find((e) => e.width === 32);

    expect(committed).toBeDefined();
    expect(meanDifference(decodeDib(committed!.data), await rasterize(Buffer.from(svg), 32))).toBeGreaterThan(SAME_PICTURE);
  });
});

describe('encodeIco and readIco', () => {
  const pixel = (size: number, rgba: readonly number[]): RgbaImage => ({ size, rgba: Uint8Array.from({ length: size * size * 4 }, (_, i) => rgba[i % 4] as number) });

  it('round-trips a DIB entry with its pixels, bottom-up rows and transparency mask', () => {
    const image = pixel(3, [10, 20, 30, 255]);
    image.rgba.set([200, 100, 50, 0], 0); // top-left pixel fully transparent

    const [entry] = readIco(encodeIco([image]));
    const decoded = decodeDib(entry!.data);

    expect(decoded).toEqual(image);
    // AND mask: the top row is the last mask row, its first bit set; mask rows are 4 bytes wide.
    const maskStart = 40 + 3 * 3 * 4;
    expect(Array.from(entry!.data.subarray(maskStart, maskStart + 12))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0]);
  });

  it('writes 256 px as width and height byte 0', () => {
    const file = encodeIco([{ ...pixel(256, [0, 0, 0, 255]), png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) }]);

    expect(file[6]).toBe(0);
    expect(file[7]).toBe(0);
    expect(readIco(file)[0]).toMatchObject({ width: 256, height: 256, format: 'png' });
  });

  it('refuses sizes an .ico cannot describe, duplicates, and wrong pixel counts', () => {
    expect(() => encodeIco([pixel(257, [0, 0, 0, 0])])).toThrow(/outside 1\.\.256/);
    expect(() => encodeIco([pixel(16, [0, 0, 0, 0]), pixel(16, [0, 0, 0, 0])])).toThrow(/appears twice/);
    expect(() => encodeIco([{ size: 16, rgba: new Uint8Array(10) }])).toThrow(/expected 1024/);
    expect(() => encodeIco([])).toThrow(/between 1 and 65535/);
  });

  it('refuses a file whose directory points outside it', () => {
    const file = encodeIco([pixel(2, [1, 2, 3, 4])]);
    new DataView(file.buffer).setUint32(6 + 12, file.length, true);

    expect(() => readIco(file)).toThrow(/outside the file/);
    expect(() => readIco(Uint8Array.from([0, 0, 2, 0, 1, 0]))).toThrow(/wrong header/);
  });
});
