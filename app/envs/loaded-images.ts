/**
 * The list of native images a probe or replay printed, made safe to use: the loaded-module lists of
 * Windows (EnumProcessModules), Linux (/proc/self/maps) and macOS (dyld's `_dyld_image_count` /
 * `_dyld_get_image_name`, through ctypes).
 *
 * dyld's list is walked while other threads may load or unload images: `_dyld_get_image_name`
 * then returns NULL for an index that no longer exists (<mach-o/dyld.h>), which the probe prints as
 * null. The macOS path has not been run here (no Mac): its Python side is exercised against a
 * stand-in dyld in tests/envs/loaded-images.test.ts, and this parser against its output.
 */

/** Longest list kept: a process maps a few hundred images; more means the output is not a list of them. */
const MAX_IMAGES = 20_000;

/**
 * Image paths in load order from a printed list: entries that are not non-empty strings (dyld's
 * NULL for an image unloaded during the walk) are dropped, a path listed twice is kept once; null
 * when the value is not a list at all (the lister failed).
 */
export function loadedImagesFrom(raw: unknown): string[] | null {
  if (!Array.isArray(raw)) return null;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const entry of raw.slice(0, MAX_IMAGES)) {
    if (typeof entry !== 'string' || entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
  }
  return out;
}
