/**
 * A small writer and reader for Windows .ico files: one image per size, small sizes as 32-bit BMP
 * (DIB) entries, 256 px as a PNG entry.
 *
 * That split is what Windows' own icon guidelines recommend: every Windows version reads DIB entries,
 * PNG entries (Vista and later) keep the 256 px image small. The layout (ICONDIR, ICONDIRENTRY, a DIB
 * with doubled height followed by a 1-bit AND mask) is described at
 * https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10) ("Icons in Win32").
 */

/** One square image in straight (not premultiplied) RGBA, row 0 at the top. */
export interface RgbaImage {
  readonly size: number;
  readonly rgba: Uint8Array;
}

/** An image to put in the .ico: its pixels, and the PNG encoding when it is stored as PNG. */
export interface IcoImage extends RgbaImage {
  /** When given, the entry is stored as this PNG file; otherwise as a 32-bit DIB built from rgba. */
  readonly png?: Uint8Array;
}

/** One ICONDIRENTRY as read back from a file. */
export interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly bitCount: number;
  readonly planes: number;
  readonly format: 'png' | 'bmp';
  readonly data: Uint8Array;
}

const ICONDIR_SIZE = 6;
const ENTRY_SIZE = 16;
const BITMAPINFOHEADER_SIZE = 40;
const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The largest size an ICONDIRENTRY can describe (a width byte of 0 means 256). */
const MAX_ICON_SIZE = 256;

/** Encodes images (1..256 px, distinct sizes) into one .ico file, in the order given. */
export function encodeIco(images: readonly IcoImage[]): Uint8Array {
  if (images.length === 0 || images.length > 0xffff) throw new Error('An .ico needs between 1 and 65535 images.');
  const sizes = new Set<number>();
  const blobs = images.map((image) => {
    if (!Number.isInteger(image.size) || image.size < 1 || image.size > MAX_ICON_SIZE) {
      throw new Error(`Icon size ${image.size} is outside 1..${MAX_ICON_SIZE}.`);
    }
    if (sizes.has(image.size)) throw new Error(`Icon size ${image.size} appears twice.`);
    sizes.add(image.size);
    if (image.rgba.length !== image.size * image.size * 4) {
      throw new Error(`The ${image.size} px image has ${image.rgba.length} bytes of RGBA, expected ${image.size * image.size * 4}.`);
    }
    return image.png ?? encodeDib(image);
  });
  const total = ICONDIR_SIZE + ENTRY_SIZE * images.length + blobs.reduce((sum, blob) => sum + blob.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0, true); // reserved
  view.setUint16(2, 1, true); // type 1: icon
  view.setUint16(4, images.length, true);
  let offset = ICONDIR_SIZE + ENTRY_SIZE * images.length;
  images.forEach((image, index) => {
    const blob = blobs[index] as Uint8Array;
    const entry = ICONDIR_SIZE + ENTRY_SIZE * index;
    view.setUint8(entry, image.size === MAX_ICON_SIZE ? 0 : image.size);
    view.setUint8(entry + 1, image.size === MAX_ICON_SIZE ? 0 : image.size);
    view.setUint8(entry + 2, 0); // no palette
    view.setUint8(entry + 3, 0); // reserved
    view.setUint16(entry + 4, 1, true); // colour planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, blob.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(blob, offset);
    offset += blob.length;
  });
  return out;
}

/**
 * A 32-bit DIB as stored in an .ico: BITMAPINFOHEADER with the height doubled (XOR image plus AND
 * mask), BGRA rows bottom-up, then the 1-bit AND mask (set where the pixel is fully transparent),
 * each mask row padded to 4 bytes.
 */
function encodeDib(image: RgbaImage): Uint8Array {
  const { size, rgba } = image;
  const maskStride = Math.ceil(size / 32) * 4;
  const pixelBytes = size * size * 4;
  const out = new Uint8Array(BITMAPINFOHEADER_SIZE + pixelBytes + maskStride * size);
  const view = new DataView(out.buffer);
  view.setUint32(0, BITMAPINFOHEADER_SIZE, true);
  view.setInt32(4, size, true);
  view.setInt32(8, size * 2, true);
  view.setUint16(12, 1, true); // planes
  view.setUint16(14, 32, true); // bits per pixel
  view.setUint32(16, 0, true); // BI_RGB
  view.setUint32(20, pixelBytes + maskStride * size, true);
  for (let row = 0; row < size; row += 1) {
    const sourceRow = size - 1 - row; // DIB rows run bottom-up
    for (let x = 0; x < size; x += 1) {
      const from = (sourceRow * size + x) * 4;
      const to = BITMAPINFOHEADER_SIZE + (row * size + x) * 4;
      out[to] = rgba[from + 2] as number;
      out[to + 1] = rgba[from + 1] as number;
      out[to + 2] = rgba[from] as number;
      out[to + 3] = rgba[from + 3] as number;
      if (rgba[from + 3] === 0) {
        const maskByte = BITMAPINFOHEADER_SIZE + pixelBytes + row * maskStride + (x >> 3);
        out[maskByte] = (out[maskByte] as number) | (0x80 >> (x & 7));
      }
    }
  }
  return out;
}

/** Reads the directory of an .ico file and slices out each entry's data; throws on a malformed file. */
export function readIco(file: Uint8Array): IcoEntry[] {
  if (file.length < ICONDIR_SIZE) throw new Error('Not an .ico file: shorter than its 6-byte header.');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('Not an .ico file: wrong header.');
  const count = view.getUint16(4, true);
  if (ICONDIR_SIZE + ENTRY_SIZE * count > file.length) throw new Error(`The .ico says it holds ${count} images but is too short for their directory.`);
  const entries: IcoEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const entry = ICONDIR_SIZE + ENTRY_SIZE * index;
    const length = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    if (offset + length > file.length) throw new Error(`Image ${index} of the .ico lies outside the file.`);
    const data = file.subarray(offset, offset + length);
    const isPng = data.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => data[i] === byte);
    entries.push({
      width: view.getUint8(entry) || MAX_ICON_SIZE,
      height: view.getUint8(entry + 1) || MAX_ICON_SIZE,
      planes: view.getUint16(entry + 4, true),
      bitCount: view.getUint16(entry + 6, true),
      format: isPng ? 'png' : 'bmp',
      data,
    });
  }
  return entries;
}

/** Decodes a 32-bit DIB entry (as encodeDib writes it) back to top-down RGBA. */
export function decodeDib(data: Uint8Array): RgbaImage {
  if (data.length < BITMAPINFOHEADER_SIZE) throw new Error('DIB entry shorter than its header.');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getInt32(4, true);
  const doubledHeight = view.getInt32(8, true);
  const bitCount = view.getUint16(14, true);
  if (view.getUint32(0, true) !== BITMAPINFOHEADER_SIZE || bitCount !== 32 || view.getUint32(16, true) !== 0) {
    throw new Error('Only 32-bit BI_RGB DIB entries are supported.');
  }
  if (width < 1 || width > MAX_ICON_SIZE || doubledHeight !== width * 2) throw new Error(`Unexpected DIB size ${width}x${doubledHeight / 2}.`);
  const size = width;
  const maskStride = Math.ceil(size / 32) * 4;
  if (data.length < BITMAPINFOHEADER_SIZE + size * size * 4 + maskStride * size) throw new Error('DIB entry shorter than its pixels and mask.');
  const rgba = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row += 1) {
    const targetRow = size - 1 - row;
    for (let x = 0; x < size; x += 1) {
      const from = BITMAPINFOHEADER_SIZE + (row * size + x) * 4;
      const to = (targetRow * size + x) * 4;
      rgba[to] = data[from + 2] as number;
      rgba[to + 1] = data[from + 1] as number;
      rgba[to + 2] = data[from] as number;
      rgba[to + 3] = data[from + 3] as number;
    }
  }
  return { size, rgba };
}
