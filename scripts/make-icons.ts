import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { encodeIcns } from './icns-file';
import { encodeIco, type IcoImage, type RgbaImage } from './ico-file';

/**
 * Generates every icon the installers use from assets/icon.svg: `npm run icons`.
 *
 * electron-builder reads assets/icon.ico for Windows (exe, installer, uninstaller, shortcuts) and
 * assets/icons/NxN.png for Linux (AppImage, deb; the freedesktop icon theme wants one PNG per size)
 * and assets/icon.icns for macOS (the app bundle; the same PNGs, scripts/icns-file.ts).
 * The outputs are committed; tests/ship/icons.test.ts re-renders the SVG and fails when they are stale.
 * Icon sizes follow https://learn.microsoft.com/en-us/windows/apps/design/style/iconography/app-icon-construction
 */
export const ICO_SIZES: readonly number[] = [16, 24, 32, 48, 64, 128, 256];
export const LINUX_SIZES: readonly number[] = [16, 32, 48, 64, 128, 256, 512, 1024];
/** ICO entries at this size and above are stored as PNG, smaller ones as DIB. */
export const ICO_PNG_FROM = 256;

export const ICON_SOURCE = 'icon.svg';
export const ICO_FILE = 'icon.ico';
export const LINUX_ICON_DIR = 'icons';
export const ICNS_FILE = 'icon.icns';

/** Renders the SVG to straight RGBA at size x size. */
export async function rasterize(svg: Uint8Array, size: number): Promise<RgbaImage> {
  const { data, info } = await sharp(svg).resize(size, size).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== size || info.height !== size || info.channels !== 4) {
    throw new Error(`sharp rendered ${info.width}x${info.height}x${info.channels}, expected ${size}x${size}x4.`);
  }
  return { size, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Encodes straight RGBA as a PNG file. */
export async function encodePng(image: RgbaImage): Promise<Uint8Array> {
  const png = await sharp(image.rgba, { raw: { width: image.size, height: image.size, channels: 4 } }).png({ compressionLevel: 9 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** Decodes a PNG to straight RGBA (used by the test to compare committed icons with a fresh render). */
export async function decodePng(png: Uint8Array): Promise<RgbaImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== info.height) throw new Error(`PNG icon is ${info.width}x${info.height}, not square.`);
  return { size: info.width, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The files to write under assets/, relative path to content, rendered from the SVG. */
export async function renderIcons(svg: Uint8Array): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const icoImages: IcoImage[] = [];
  for (const size of ICO_SIZES) {
    const image = await rasterize(svg, size);
    icoImages.push(size >= ICO_PNG_FROM ? { ...image, png: await encodePng(image) } : image);
  }
  files.set(ICO_FILE, encodeIco(icoImages));
  const pngs = new Map<number, Uint8Array>();
  for (const size of LINUX_SIZES) {
    pngs.set(size, await encodePng(await rasterize(svg, size)));
    files.set(path.posix.join(LINUX_ICON_DIR, `${size}x${size}.png`), pngs.get(size)!);
  }
  files.set(ICNS_FILE, encodeIcns(pngs));
  return files;
}

/** Renders assets/icon.svg and writes every icon next to it. */
export async function makeIcons(assetsDir: string): Promise<string[]> {
  const svg = await readFile(path.join(assetsDir, ICON_SOURCE));
  const written: string[] = [];
  for (const [relative, content] of await renderIcons(svg)) {
    const target = path.join(assetsDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const written = await makeIcons(path.resolve(import.meta.dirname, '..', 'assets'));
  console.log(`Wrote ${written.length} icons:\n${written.map((file) => `  ${path.relative(process.cwd(), file)}`).join('\n')}`);
}
