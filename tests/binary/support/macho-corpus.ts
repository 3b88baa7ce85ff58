import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MachoCpu } from '../../../app/binary/macho-types';

const run = promisify(execFile);

/** One generated Mach-O file and the slices it has. */
export interface CorpusFile {
  readonly path: string;
  readonly arches: readonly MachoCpu[];
}

/**
 * libSystem as a text stub (.tbd, the format Apple's SDKs ship), so ld64.lld links without a
 * macOS SDK: only the symbols the corpus uses.
 */
const LIBSYSTEM_TBD = `--- !tapi-tbd
tbd-version: 4
targets: [ x86_64-macos, arm64-macos ]
install-name: '/usr/lib/libSystem.B.dylib'
current-version: 1319
exports:
  - targets: [ x86_64-macos, arm64-macos ]
    symbols: [ _printf, dyld_stub_binder, __tlv_bootstrap ]
...
`;

const SOURCES: Record<string, string> = {
  'base.c': 'int base_array[8] = {1,2,3,4,5,6,7,8};\nint base_fn(int x){ return x + base_array[1]; }\n'
    + '__attribute__((weak)) int base_weak(void){ return 2; }\n__thread int base_tls = 3;\n',
  'weak.c': 'int weak_fn(void){ return 7; }\n',
  // An extension bundle: a library by @rpath, a weak-linked one, Python's API by flat lookup, a
  // symbol of the main executable (-bundle_loader), an addend, rpaths at several depths.
  'ext.c': 'extern int base_fn(int); extern int base_array[]; extern int weak_fn(void) __attribute__((weak_import));\n'
    + 'extern long PyLong_FromLong(long); extern int host_main_fn(void);\nint *p = &base_array[3];\n'
    + 'long PyInit_ext(void){ return PyLong_FromLong(base_fn(1) + (weak_fn ? weak_fn() : 0) + host_main_fn() + *p); }\n',
  // Weak definitions (weak-bind / ordinal -3) and addends too large for the pointer (import formats 2 and 3).
  'weakdefs.c': 'extern int base_array[]; extern int base_weak(void);\n__attribute__((weak)) int ext_weak(void){ return 1; }\n'
    + 'int (*fp)(void) = ext_weak;\nint *p1 = &base_array[1000];\n'
    + 'int call(void){ return base_weak() + fp(); }\n',
  'huge-addend.c': 'extern int base_array[];\nchar *p2 = (char*)base_array + 5000000000LL;\n',
  'host.c': 'int host_main_fn(void){ return 5; }\nint main(void){ return 0; }\n',
};

/** Rewrites the cmd of the dylib load command (LC_LOAD_DYLIB or LC_LOAD_WEAK_DYLIB) naming `install` (ld64.lld writes no upward or lazy commands). */
async function retagDylibCommand(path: string, install: string, cmd: number): Promise<void> {
  const bytes = await readFile(path);
  const ncmds = bytes.readUInt32LE(16);
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    const size = bytes.readUInt32LE(at + 4);
    if ([0xc, 0x80000018].includes(bytes.readUInt32LE(at)) && bytes.toString('latin1', at + bytes.readUInt32LE(at + 8), at + size).startsWith(`${install}\0`)) {
      bytes.writeUInt32LE(cmd, at);
      await writeFile(path, bytes);
      return;
    }
    at += size;
  }
  throw new Error(`${path}: no LC_LOAD_DYLIB for ${install}`);
}

/**
 * Builds the corpus with clang-19 and ld64.lld-19 into a fresh temporary folder: for arm64 and
 * x86_64, each with chained fixups and with the classic bind opcodes, a dylib with versions and
 * thread-local and weak definitions, a weak-linked dylib, a re-exporting dylib, an extension
 * bundle, the weak/addend cases; an old-style LC_VERSION_MIN_MACOSX dylib; upward and lazy
 * dylib commands; universal files made with llvm-lipo-19 (FAT_MAGIC and FAT_MAGIC_64).
 */
export async function buildMachoCorpus(): Promise<{ dir: string; files: CorpusFile[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'macho-corpus-'));
  await writeFile(join(dir, 'libSystem.tbd'), LIBSYSTEM_TBD);
  for (const [name, text] of Object.entries(SOURCES)) await writeFile(join(dir, name), text);
  const files: CorpusFile[] = [];
  const builds: Promise<void>[] = [];
  for (const arch of ['arm64', 'x86_64'] as const) {
    for (const fixups of ['chained', 'classic'] as const) {
      builds.push((async () => {
        const out = join(dir, `${arch}-${fixups}`);
        const lib = join(out, 'lib');
        await mkdir(lib, { recursive: true });
        const cc = async (args: readonly string[]): Promise<void> => {
          await run('clang-19', ['-target', `${arch}-apple-macos11`, '-fuse-ld=lld', '-nostdlib', '-L', dir,
            fixups === 'chained' ? '-Wl,-fixup_chains' : '-Wl,-no_fixup_chains', ...args, '-lSystem'], { cwd: dir });
        };
        await cc(['-shared', 'base.c', '-o', join(lib, 'libbase.dylib'), '-Wl,-install_name,@rpath/libbase.dylib', '-Wl,-current_version,2.3.4', '-Wl,-compatibility_version,2.0.0']);
        await cc(['-shared', 'weak.c', '-o', join(lib, 'libweak.dylib'), '-Wl,-install_name,@rpath/libweak.dylib']);
        await cc(['-shared', '-x', 'c', '/dev/null', '-x', 'none', '-o', join(lib, 'libreexp.dylib'), '-Wl,-install_name,@rpath/libreexp.dylib', `-Wl,-reexport_library,${join(lib, 'libbase.dylib')}`]);
        await cc(['host.c', '-o', join(out, 'host')]);
        await cc(['-bundle', 'ext.c', '-o', join(out, 'ext.so'), '-L', lib, '-lbase', `-Wl,-weak_library,${join(lib, 'libweak.dylib')}`,
          `-Wl,-bundle_loader,${join(out, 'host')}`, '-Wl,-U,_PyLong_FromLong', '-Wl,-rpath,@loader_path/lib', '-Wl,-rpath,@loader_path/../../lib', '-Wl,-rpath,@executable_path/../lib']);
        await cc(['-shared', 'weakdefs.c', '-o', join(out, 'weakdefs.dylib'), '-L', lib, '-lbase']);
        await cc(['-shared', 'huge-addend.c', '-o', join(out, 'huge-addend.dylib'), '-L', lib, '-lbase']);
        await cc(['-shared', 'ext.c', '-o', join(out, 'upward-lazy.dylib'), '-L', lib, '-lbase', '-lweak', '-Wl,-undefined,dynamic_lookup']);
        await retagDylibCommand(join(out, 'upward-lazy.dylib'), '@rpath/libbase.dylib', 0x80000023);
        await retagDylibCommand(join(out, 'upward-lazy.dylib'), '@rpath/libweak.dylib', 0x20);
        for (const name of ['lib/libbase.dylib', 'lib/libweak.dylib', 'lib/libreexp.dylib', 'host', 'ext.so', 'weakdefs.dylib', 'huge-addend.dylib', 'upward-lazy.dylib']) {
          files.push({ path: join(out, name), arches: [arch] });
        }
      })());
    }
  }
  builds.push((async () => {
    const out = join(dir, 'old');
    await mkdir(out);
    await run('clang-19', ['-target', 'x86_64-apple-macos10.13', '-fuse-ld=lld', '-nostdlib', '-L', dir, '-shared', 'base.c', '-o', join(out, 'libold.dylib'),
      '-Wl,-install_name,/opt/old/lib/libold.dylib', '-lSystem'], { cwd: dir });
    files.push({ path: join(out, 'libold.dylib'), arches: ['x86_64'] });
  })());
  await Promise.all(builds);
  const fat = join(dir, 'ext-universal.so');
  const fat64 = join(dir, 'libbase-universal64.dylib');
  await run('llvm-lipo-19', ['-create', join(dir, 'x86_64-classic', 'ext.so'), join(dir, 'arm64-chained', 'ext.so'), '-output', fat]);
  await run('llvm-lipo-19', ['-create', '-fat64', join(dir, 'arm64-classic', 'lib', 'libbase.dylib'), join(dir, 'x86_64-chained', 'lib', 'libbase.dylib'), '-output', fat64]);
  files.push({ path: fat, arches: ['x86_64', 'arm64'] }, { path: fat64, arches: ['arm64', 'x86_64'] });
  return { dir, files };
}

/** The corpus' files relative to its folder, known before it is built (one test each). */
export const CORPUS_FILES: readonly CorpusFile[] = [
  ...(['arm64', 'x86_64'] as const).flatMap((arch) => (['chained', 'classic'] as const).flatMap((fixups) => [
    'lib/libbase.dylib', 'lib/libweak.dylib', 'lib/libreexp.dylib', 'host', 'ext.so', 'weakdefs.dylib', 'huge-addend.dylib', 'upward-lazy.dylib',
  ].map((name) => ({ path: `${arch}-${fixups}/${name}`, arches: [arch] })))),
  { path: 'old/libold.dylib', arches: ['x86_64'] },
  { path: 'ext-universal.so', arches: ['x86_64', 'arm64'] },
  { path: 'libbase-universal64.dylib', arches: ['arm64', 'x86_64'] },
];
