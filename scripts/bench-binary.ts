/**
 * Benchmark of the binary readers against the reference readers, side by side on one corpus.
 *
 * PE corpus: Wine's own DLLs and programs (Debian's wine64/wine32 packages: large system DLLs
 * such as shell32 and the api-ms-win-* forwarders), mingw-w64's runtime DLLs and import-library
 * stubs, the real Windows binaries fetched by scripts/fetch-fixtures.ts, a few more npm win32
 * packages (ARM64 and x86 builds, fetched into .cache/fixtures) and every PE file under
 * node_modules. Install the Debian part with `dpkg --add-architecture i386`, `apt-get update` and
 * `apt-get install wine64 wine32:i386 mingw-w64 python3-pefile`; folders that are missing are reported. Reference: Debian's
 * python3-pefile (imports, delay-loads, exports), timed inside one Python process, counting only
 * pefile's own parsing (PE() + parse_data_directories), not the conversion for the comparison;
 * its cap of 8192 named exports is lifted (libgnat-12.dll has 14242).
 * ELF corpus: the shared objects under /usr/lib. Reference: `readelf --dyn-syms -d -W` per file
 * (its process start is part of its time). Both readers must agree on every file; the
 * disagreement count is printed and makes the exit code 1.
 *
 * Run: npx tsx scripts/bench-binary.ts [--limit-elf N]   (npm run bench:binary)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openFileSource } from '../app/binary/byte-source';
import { readModuleFrom, readModules } from '../app/binary/read-module';
import type { BinaryModule } from '../app/binary/module-types';
import { elfFacts, parseReadelf } from '../tests/binary/support/readelf';
import { peFacts } from '../tests/binary/support/module-facts';
import { FIXTURES_DIR, fetchOne } from './fetch-fixtures';

const run = promisify(execFile);
/** Files read at a time by readModules (its default). */
const CONCURRENCY = 8;
/** Timed passes per reader; the median is reported (both readers in steady state: warm page cache, warm JIT). */
const PASSES = 5;
const ROOT = resolve(new URL('..', import.meta.url).pathname);

async function walk(dir: string, out: string[], depth = 0): Promise<void> {
  if (depth > 12) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await walk(path, out, depth + 1);
    else if (e.isFile()) out.push(path);
  }
}

async function magic(path: string): Promise<'pe' | 'elf' | null> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead < 4) return null;
    if (buffer[0] === 0x7f && buffer.toString('latin1', 1, 4) === 'ELF') return 'elf';
    if (buffer[0] === 0x4d && buffer[1] === 0x5a) return 'pe';
    return null;
  } finally {
    await fh.close();
  }
}

/** npm win32 packages added to the corpus for the architectures the fixtures lack (ARM64, x86). */
const BENCH_PACKAGES = [
  { name: '@img/sharp-win32-arm64', version: '0.35.5' },
  { name: '@esbuild/win32-arm64', version: '0.28.2' },
  { name: '@esbuild/win32-ia32', version: '0.28.2' },
  { name: '@rollup/rollup-win32-arm64-msvc', version: '4.68.9' },
  { name: '@rollup/rollup-win32-ia32-msvc', version: '4.68.9' },
  { name: 'lightningcss-win32-arm64-msvc', version: '1.33.0' },
];

/** Debian's folders of PE files: Wine (64- and 32-bit) and mingw-w64. */
const SYSTEM_PE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/wine',
  '/usr/lib/i386-linux-gnu/wine',
  '/usr/x86_64-w64-mingw32',
  '/usr/i686-w64-mingw32',
  '/usr/lib/gcc/x86_64-w64-mingw32',
  '/usr/lib/gcc/i686-w64-mingw32',
];

async function corpus(): Promise<{ pe: string[]; elf: string[] }> {
  for (const { name, version } of BENCH_PACKAGES) {
    await fetchOne(name, version).catch((error: unknown) => console.warn(`bench: could not fetch ${name}@${version}: ${(error as Error).message.split('\n')[0]}`));
  }
  const peCandidates: string[] = [];
  await walk(FIXTURES_DIR, peCandidates);
  for (const dir of SYSTEM_PE_DIRS) {
    const before = peCandidates.length;
    await walk(dir, peCandidates);
    if (peCandidates.length === before) console.warn(`bench: ${dir} is missing or empty (apt-get install wine64 wine32:i386 mingw-w64)`);
  }
  const nm: string[] = [];
  await walk(join(ROOT, 'node_modules'), nm);
  peCandidates.push(...nm.filter((p) => /\.(dll|exe|node|pyd)$/i.test(p)));
  const pe: string[] = [];
  for (const p of new Set(peCandidates)) if ((await magic(p)) === 'pe') pe.push(p);
  const libs: string[] = [];
  await walk('/usr/lib', libs);
  const elf: string[] = [];
  for (const p of libs.filter((l) => /\.so(\.\d+)*$/.test(l))) if ((await magic(p)) === 'elf') elf.push(p);
  return { pe: pe.sort(), elf: elf.sort() };
}

async function totalBytes(paths: readonly string[]): Promise<number> {
  let sum = 0;
  for (const p of paths) sum += (await stat(p)).size;
  return sum;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Median wall time of PASSES passes over the corpus (after the warm-up pass the caller made). */
async function timeOurs(paths: readonly string[]): Promise<{ ms: number; results: Map<string, BinaryModule | Error> }> {
  const times: number[] = [];
  let read: Awaited<ReturnType<typeof readModules>> = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = performance.now();
    read = await readModules(paths, CONCURRENCY);
    times.push(performance.now() - start);
  }
  return { ms: median(times), results: new Map(read.map((r) => [r.path, r.module ?? r.error])) };
}

const PEFILE_TIMED = `
import json, sys, time, pefile
passes = int(sys.argv[1])
paths = sys.argv[2:]
times = []
for p in range(passes):
  spent = 0.0
  out = []
  for path in paths:
      try:
          start = time.perf_counter()
          pe = pefile.PE(path, fast_load=True, max_symbol_exports=1000000)
          pe.parse_data_directories(directories=[0, 1, 13])
          spent += time.perf_counter() - start
          imports = []
          for attr, delay in (('DIRECTORY_ENTRY_IMPORT', False), ('DIRECTORY_ENTRY_DELAY_IMPORT', True)):
              for d in getattr(pe, attr, []):
                  imports.append({'dll': d.dll.decode('latin1'), 'delayLoad': delay, 'symbols': [i.name.decode('latin1') if i.name and not i.import_by_ordinal else '#%d' % i.ordinal for i in d.imports]})
          exports = []
          if hasattr(pe, 'DIRECTORY_ENTRY_EXPORT'):
              exports = sorted('%d %s %s' % (e.ordinal, e.name.decode('latin1') if e.name else '-', e.forwarder.decode('latin1') if e.forwarder else '-') for e in pe.DIRECTORY_ENTRY_EXPORT.symbols)
          out.append({'path': path, 'imports': imports, 'exports': exports})
          pe.close()
      except Exception as e:
          out.append({'path': path, 'error': str(e)})
  times.append(spent)
times.sort()
elapsed = times[len(times) // 2]
print(json.dumps({'seconds': elapsed, 'files': out}))
`;

/**
 * Bytes actually read from disk for the corpus (one untimed pass): the point of positioned reads.
 * Every read is counted, re-reads included; `twice` counts bytes read more than once in a file.
 */
async function bytesRead(paths: readonly string[]): Promise<{ sum: number; twice: number }> {
  let sum = 0;
  let twice = 0;
  for (const p of paths) {
    const source = await openFileSource(p).catch(() => null);
    if (!source) continue;
    // Every byte that came from the file: the head read when it was opened, then every read.
    const spans: [number, number][] = [[0, source.head.byteLength]];
    const counted = { ...source, read: (position: number, length: number) => {
      spans.push([position, position + length]);
      return source.read(position, length);
    } };
    await readModuleFrom(counted).catch(() => undefined);
    await source.close();
    spans.sort((a, b) => a[0] - b[0]);
    let reached = 0;
    for (const [start, end] of spans) {
      sum += end - start;
      twice += Math.max(0, Math.min(end, reached) - start);
      reached = Math.max(reached, end);
    }
  }
  return { sum, twice };
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** The bytes-read line of one corpus. */
async function bytesLine(paths: readonly string[], total: number): Promise<string> {
  const { sum, twice } = await bytesRead(paths);
  return `bytes read by readModule: ${mb(sum)} MB of ${mb(total)} MB (${((sum / total) * 100).toFixed(1)}%), read twice: ${twice} bytes`;
}

function line(label: string, files: number, bytes: number, ms: number): string {
  const s = ms / 1000;
  return `  ${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${(files / s).toFixed(0).padStart(7)} files/s  ${(bytes / 1048576 / s).toFixed(1).padStart(8)} MB/s`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'limit-elf': { type: 'string' } } });
  const { pe, elf: allElf } = await corpus();
  const limit = values['limit-elf'] ? Number(values['limit-elf']) : allElf.length;
  const elf = allElf.slice(0, limit);
  let disagreements = 0;
  const report = (what: string): void => {
    disagreements++;
    if (disagreements <= 10) console.log(`  DISAGREE ${what}`);
  };

  // PE
  const peBytes = await totalBytes(pe);
  await timeOurs(pe); // warm the page cache for both readers
  const { stdout } = await run('/usr/bin/python3', ['-c', PEFILE_TIMED, String(PASSES), ...pe], { maxBuffer: 1 << 30 });
  const ref = JSON.parse(stdout) as { seconds: number; files: { path: string; error?: string; imports?: unknown; exports?: unknown }[] };
  const ours = await timeOurs(pe);
  for (const r of ref.files) {
    const m = ours.results.get(r.path);
    if (r.error || !m || m instanceof Error || m.format !== 'pe') {
      if (!(r.error && m instanceof Error)) report(`${r.path}: pefile ${r.error ?? 'ok'}, ours ${m instanceof Error ? m.message : 'ok'}`);
      continue;
    }
    const f = peFacts(m);
    if (JSON.stringify(f.imports) !== JSON.stringify(r.imports)) report(`${r.path}: imports differ`);
    if (JSON.stringify(f.exports) !== JSON.stringify(r.exports)) report(`${r.path}: exports differ`);
  }
  const machines = new Map<string, number>();
  let maxForwarders = 0;
  let ordinalImports = 0;
  for (const m of ours.results.values()) {
    if (m instanceof Error || m.format !== 'pe') continue;
    machines.set(m.machine, (machines.get(m.machine) ?? 0) + 1);
    maxForwarders = Math.max(maxForwarders, m.exports.filter((e) => e.forwarder !== null).length);
    ordinalImports += m.imports.reduce((n, i) => n + i.symbols.filter((x) => x.kind === 'ordinal').length, 0);
  }
  console.log(`PE corpus: ${pe.length} files, ${(peBytes / 1048576).toFixed(1)} MB (Wine, mingw-w64, npm win32 packages, node_modules); median of ${PASSES} passes each`);
  console.log(`  machines: ${[...machines].map(([k, n]) => `${k} ${n}`).join(', ')}; most forwarders in one file: ${maxForwarders}; ordinal-only imports: ${ordinalImports}`);
  console.log(line('python-dll-doctor readModule', pe.length, peBytes, ours.ms));
  console.log(line('pefile 2023.2.7 (in-process)', pe.length, peBytes, ref.seconds * 1000));
  console.log(`  speed-up: ${(ref.seconds * 1000 / ours.ms).toFixed(1)}x; ${await bytesLine(pe, peBytes)}`);

  // The same folders as a user inspects them: the CLI, JSON Lines, the loader simulated for every file.
  const folders = [FIXTURES_DIR, ...SYSTEM_PE_DIRS.filter((d) => existsSync(d))];
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const inspectStart = performance.now();
  const inspected = await run(tsx, [join(ROOT, 'app', 'cli', 'main.ts'), 'inspect', '--json', ...folders], { maxBuffer: 1 << 30 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const inspectMs = performance.now() - inspectStart;
  const inspectLines = inspected.stdout.split('\n').filter(Boolean).length;
  console.log(`  python-dll-doctor inspect --json ${folders.length} folders (CLI start, loader simulation of every file included): ${inspectLines} JSON lines in ${(inspectMs / 1000).toFixed(1)} s`);

  // ELF
  const elfBytes = await totalBytes(elf);
  await timeOurs(elf);
  const refStart = performance.now();
  const readelf = new Map<string, string>();
  for (const p of elf) {
    try {
      readelf.set(p, (await run('readelf', ['--dyn-syms', '-d', '-W', p], { maxBuffer: 1 << 28 })).stdout);
    } catch (error) {
      readelf.set(p, `ERROR ${(error as Error).message}`);
    }
  }
  const refMs = performance.now() - refStart;
  const oursElf = await timeOurs(elf);
  for (const p of elf) {
    const m = oursElf.results.get(p);
    const text = readelf.get(p) ?? '';
    if (!m || m instanceof Error || m.format !== 'elf') {
      if (!text.startsWith('ERROR')) report(`${p}: ours ${m instanceof Error ? m.message : 'not ELF'}`);
      continue;
    }
    if (JSON.stringify(elfFacts(m)) !== JSON.stringify(parseReadelf(text))) report(`${p}: dynamic section or symbols differ`);
  }
  console.log(`ELF corpus: ${elf.length} files, ${(elfBytes / 1048576).toFixed(1)} MB (/usr/lib)`);
  console.log(line('python-dll-doctor readModule', elf.length, elfBytes, oursElf.ms));
  console.log(line('readelf --dyn-syms -d -W (per file)', elf.length, elfBytes, refMs));
  console.log(`  speed-up: ${(refMs / oursElf.ms).toFixed(1)}x; ${await bytesLine(elf, elfBytes)}`);

  // Mach-O: the darwin binaries of the fixtures (agreement field by field is tests/binary/macho-objdump.test.ts);
  // reference llvm-objdump-19 per file, all the tables the reader reads in one process.
  const machoMagic = new Set(['feedfacf', 'cffaedfe', 'feedface', 'cefaedfe', 'cafebabe', 'cafebabf']);
  const darwinFiles: string[] = [];
  await walk(FIXTURES_DIR, darwinFiles);
  const macho: string[] = [];
  for (const p of darwinFiles) {
    const fh = await open(p, 'r');
    const { buffer, bytesRead: n } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    await fh.close();
    if (n === 4 && machoMagic.has(buffer.toString('hex')) && !p.endsWith('.class')) macho.push(p);
  }
  const machoBytes = await totalBytes(macho);
  await timeOurs(macho);
  const objdumpStart = performance.now();
  for (const p of macho) {
    await run('llvm-objdump-19', ['--macho', '--private-headers', '--exports-trie', '--chained-fixups', '--bind', '--lazy-bind', '--weak-bind', p], { maxBuffer: 1 << 30 })
      .catch((error: Error) => report(`${p}: llvm-objdump-19 ${error.message.split('\n')[0]}`));
  }
  const objdumpMs = performance.now() - objdumpStart;
  const oursMacho = await timeOurs(macho);
  for (const [p, m] of oursMacho.results) if (m instanceof Error || m.format !== 'macho') report(`${p}: ours ${m instanceof Error ? m.message : 'not Mach-O'}`);
  console.log(`Mach-O corpus: ${macho.length} files, ${mb(machoBytes)} MB (darwin packages from npm; one slice of a universal file)`);
  console.log(line('python-dll-doctor readModule', macho.length, machoBytes, oursMacho.ms));
  console.log(line('llvm-objdump-19 --macho (per file)', macho.length, machoBytes, objdumpMs));
  console.log(`  speed-up: ${(objdumpMs / oursMacho.ms).toFixed(1)}x; per byte ${((machoBytes / oursMacho.ms) / (elfBytes / oursElf.ms)).toFixed(1)}x the ELF reader's; ${await bytesLine(macho, machoBytes)}`);
  console.log(`disagreements: ${disagreements}`);
  if (disagreements > 0) process.exitCode = 1;
}

await main();
