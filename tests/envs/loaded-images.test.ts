import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadedImagesFrom } from '../../app/envs/loaded-images';
import { interpretProbe, probeMark } from '../../app/envs/probe-output';
import { standInDyld } from '../support/stand-in-dyld';

const probe = fileURLToPath(new URL('../../app/envs/probe.py', import.meta.url));

/**
 * Runs the probe's dyld_images() on this (Linux) machine against a stand-in for ctypes whose
 * CDLL(None) answers `_dyld_image_count` / `_dyld_get_image_name` from a list: the images of a
 * python.org 3.12 framework build on Apple silicon that imported Pillow, with a NULL where an image
 * was unloaded during the walk. The real dyld cannot be asked here; the call shapes can be checked.
 */
function dyldImagesWithStandIn(): { images: (string | null)[]; restype: string; argtypes: string[]; countRestype: string } {
  const script = standInDyld([
    '/Library/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python',
    '/Library/Frameworks/Python.framework/Versions/3.12/Python',
    '/usr/lib/libSystem.B.dylib',
    null,
    '/Users/me/proj/.venv/lib/python3.12/site-packages/PIL/_imaging.cpython-312-darwin.so',
    '/Users/me/proj/.venv/lib/python3.12/site-packages/PIL/.dylibs/libjpeg.62.4.0.dylib',
    '/Users/mé/lib/libz.1.dylib',
  ]) + String.raw`
source = open(sys.argv[1], encoding="utf-8").read()
body, tail = source.rsplit("\nmain()", 1)
assert tail.strip() == "", "the probe ends by calling main()"
scope = {"__name__": "probe"}
exec(compile(body, sys.argv[1], "exec"), scope)
images = scope["dyld_images"]()
fn = made[0]._dyld_get_image_name
print(json.dumps({"images": images, "restype": fn.restype, "argtypes": fn.argtypes, "countRestype": made[0]._dyld_image_count.restype}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, probe], { encoding: 'utf8', timeout: 30_000 }));
}

describe('loaded image lists', () => {
  it('drops the NULL of an image unloaded during the walk and repeated paths, keeping load order', () => {
    expect(loadedImagesFrom(['/a/python', null, '/usr/lib/libSystem.B.dylib', '', 7, '/a/python', '/x/_imaging.so'])).toEqual(['/a/python', '/usr/lib/libSystem.B.dylib', '/x/_imaging.so']);
    expect(loadedImagesFrom([])).toEqual([]);
  });

  it('gives null when the lister printed no list', () => {
    expect(loadedImagesFrom(null)).toBeNull();
    expect(loadedImagesFrom(undefined)).toBeNull();
    expect(loadedImagesFrom({ 0: '/a' })).toBeNull();
  });
});

describe("the probe's dyld image list (macOS path, run against a stand-in dyld)", () => {
  it('asks dyld for each image by index with the C types of <mach-o/dyld.h> and prints NULL as null', () => {
    const out = dyldImagesWithStandIn();
    expect(out.restype).toBe('c_char_p');
    expect(out.argtypes).toEqual(['c_uint32']);
    expect(out.countRestype).toBe('c_uint32');
    expect(out.images[3]).toBeNull();
    expect(out.images[0]).toBe('/Library/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python');
    expect(out.images[6]).toBe('/Users/mé/lib/libz.1.dylib');
  });

  it("reaches the import test's loaded modules without the NULL", () => {
    const { images } = dyldImagesWithStandIn();
    const lines = [
      { probe: 1, executable: images[0], versionInfo: [3, 12, 7], version: '3.12.7', platform: 'darwin' },
      { importTest: { module: 'PIL._imaging', ok: true, file: images[4], loadedModules: images } },
    ];
    const stdout = lines.map((l) => `${probeMark}${JSON.stringify(l)}\n`).join('');
    const outcome = interpretProbe('/Library/Frameworks/Python.framework/Versions/3.12/bin/python3', { stdout, stderr: '', code: 0, signal: null, timedOut: false, spawnError: null }, 'PIL._imaging', 30_000);
    expect(outcome.importTest?.loadedModules).toEqual(images.filter((x) => x !== null));
  });
});
