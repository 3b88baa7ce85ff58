/**
 * What the simulation may assume about the dyld shared cache without a Mac to ask. Since macOS 11
 * the system libraries are in the cache, not on disk (Apple's Big Sur 11.0.1 release notes:
 * "a built-in dynamic linker cache of all system-provided libraries"), so a folder copied from a
 * Mac has no /usr/lib to list.
 */

/** Folders whose libraries live in the shared cache on macOS 11 and later. */
const CACHE_PREFIXES = ['/usr/lib/', '/System/Library/', '/System/iOSSupport/'];

/**
 * Libraries of /usr/lib that dyld's fallback finds by leaf name in the cache. Only these count
 * when the path came from the fallback search (`@rpath/libc++.1.dylib` → `/usr/lib/libc++.1.dylib`
 * loads; `/usr/lib/libomp.dylib` is "no such file, not in dyld cache" in real messages). The list
 * is the libraries Apple's SDK ships .tbd stubs for that Python wheels commonly name.
 */
const FALLBACK_CACHE_LEAVES = new Set([
  'libSystem.B.dylib', 'libc++.1.dylib', 'libc++abi.dylib', 'libobjc.A.dylib', 'libz.1.dylib', 'libbz2.1.0.dylib',
  'libiconv.2.dylib', 'libcharset.1.dylib', 'libxml2.2.dylib', 'libxslt.1.dylib', 'libexslt.0.dylib', 'libsqlite3.dylib',
  'libcurl.4.dylib', 'libexpat.1.dylib', 'libedit.3.dylib', 'libncurses.5.4.dylib', 'libffi.dylib', 'libresolv.9.dylib',
  'libcompression.dylib', 'liblzma.5.dylib', 'libpcap.A.dylib', 'libutil.dylib', 'libpam.2.dylib', 'libarchive.2.dylib',
]);

/** True when a path is under the folders the shared cache replaces (macOS 11 and later). */
export function inCacheFolder(path: string): boolean {
  return CACHE_PREFIXES.some((p) => path.startsWith(p));
}

/**
 * The offline answer to "is this path in the shared cache": an install name written into a binary
 * under /usr/lib or /System/Library is (the binary was linked against the SDK's stub of it); a
 * fallback path is only when its leaf is a known system library.
 */
export function assumedInSharedCache(path: string, fromFallback: boolean): boolean {
  if (!inCacheFolder(path)) return false;
  if (!fromFallback) return true;
  return path.startsWith('/usr/lib/') && FALLBACK_CACHE_LEAVES.has(path.slice('/usr/lib/'.length));
}
