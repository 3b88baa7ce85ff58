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
 * Each corpus is timed twice: in-process (median of PASSES passes, warm) and as whole processes
 * (start-up included, one cold pass each, median of ROUNDS rounds, the two alternating): our
 * reader bundled with esbuild (scripts/bench-binary-reader.ts) and run with plain `node`, against
 * one `python3` process running pefile over the same list (PE) or readelf run once per file (ELF).
 * Both whole processes print a digest per file (counts of imports, symbols, exports, forwarders;
 * needed, defined, undefined), compared too. Wall and CPU time (user + system, from the kernel's
 * count of waited-for children) are both printed: on a shared machine CPU time is the steadier.
 * Mach-O corpus: exactly the darwin binaries of DARWIN_FIXTURES (scripts/fetch-fixtures.ts), each one
 * compared with llvm-objdump by tests/binary/macho-objdump.test.ts; timed against llvm-objdump-19 per
 * file (median of MACHO_PASSES passes), and per byte against the ELF reader in a process of its own
 * (scripts/bench-binary-per-byte.ts: ELF and Mach-O passes alternating).
 *
 * Run: npx tsx scripts/bench-binary.ts [--limit-elf N]   (npm run bench:binary)
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { readModules } from '../app/binary/read-module';
import type { BinaryModule } from '../app/binary/module-types';
import { elfFacts, parseReadelf } from '../tests/binary/support/readelf';
import { readCountingSync } from '../tests/binary/support/counting-source';
import { peFacts } from '../tests/binary/support/module-facts';
import { DARWIN_FIXTURES, FIXTURES_DIR, fetchOne, fixtureDir } from './fetch-fixtures';

const run = promisify(execFile);
/** Timed passes per reader; the median is reported (both readers in steady state: warm page cache, warm JIT). */
const PASSES = 5;
/**
 * Passes over the Mach-O corpus, the median reported: the corpus is read in tens of milliseconds, so
 * one preempted pass would move a median of five.
 */
const MACHO_PASSES = 31;
/** Rounds of the per-byte comparison (scripts/bench-binary-per-byte.ts): one ELF pass and MACHO_PER_ROUND Mach-O passes each. */
const PER_BYTE_ROUNDS = 15;
const MACHO_PER_ROUND = 3;
/** Whole-process rounds per reader (each one cold process over the whole corpus); the median is reported. */
const ROUNDS = 3;
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

/** Median wall time of `passes` passes over the corpus (after the warm-up pass the caller made). */
async function timeOurs(paths: readonly string[], passes = PASSES): Promise<{ ms: number; results: Map<string, BinaryModule | Error> }> {
  const times: number[] = [];
  let read: Awaited<ReturnType<typeof readModules>> = [];
  for (let pass = 0; pass < passes; pass++) {
    const start = performance.now();
    read = await readModules(paths);
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
function bytesRead(paths: readonly string[]): { sum: number; twice: number } {
  let sum = 0;
  let twice = 0;
  for (const p of paths) {
    let spans: [number, number][];
    try {
      spans = readCountingSync(p).spans;
    } catch {
      continue;
    }
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

/** CPU seconds (user + system) of this process's waited-for children so far; NaN off Linux. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 (cutime, cstime), in clock ticks of 1/100 s; fields[0] is field 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Wall and CPU time of `work`, which runs child processes (their CPU time is counted once they end). */
async function timeChildren(work: () => Promise<void>): Promise<Timed> {
  const cpu = childrenCpuSeconds();
  const start = performance.now();
  await work();
  return { wallMs: performance.now() - start, cpuMs: (childrenCpuSeconds() - cpu) * 1000 };
}

const medianOf = (runs: readonly Timed[]): Timed => ({ wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) });

const PEFILE_DIGEST = `
import sys, pefile
out = []
for path in open(sys.argv[1], encoding='utf-8').read().split('\\n'):
    if not path:
        continue
    try:
        pe = pefile.PE(path, fast_load=True, max_symbol_exports=1000000)
        pe.parse_data_directories(directories=[0, 1, 13])
        imports = list(getattr(pe, 'DIRECTORY_ENTRY_IMPORT', [])) + list(getattr(pe, 'DIRECTORY_ENTRY_DELAY_IMPORT', []))
        exports = pe.DIRECTORY_ENTRY_EXPORT.symbols if hasattr(pe, 'DIRECTORY_ENTRY_EXPORT') else []
        out.append('%s\\tpe %d %d %d %d' % (path, len(imports), sum(len(d.imports) for d in imports), len(exports), sum(1 for e in exports if e.forwarder)))
        pe.close()
    except Exception:
        out.append('%s\\terror' % path)
open(sys.argv[2], 'w', encoding='utf-8').write('\\n'.join(out) + '\\n')
`;

/** Bundles a script of the bench for plain `node` (by default the whole-process reader, scripts/bench-binary-reader.ts). */
async function bundleScript(dir: string, script = 'bench-binary-reader.ts'): Promise<string> {
  const outfile = join(dir, script.replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [join(ROOT, 'scripts', script)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
  return outfile;
}

/** `path<TAB>digest` lines as a map. */
async function digests(file: string): Promise<Map<string, string>> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  return new Map(lines.map((l) => [l.slice(0, l.lastIndexOf('\t')), l.slice(l.lastIndexOf('\t') + 1)]));
}

const seconds = (t: Timed): string => `${(t.wallMs / 1000).toFixed(2)} s wall, ${(t.cpuMs / 1000).toFixed(2)} s CPU`;
const ratio = (ref: Timed, ours: Timed): string => `${(ref.wallMs / ours.wallMs).toFixed(1)}x wall, ${(ref.cpuMs / ours.cpuMs).toFixed(1)}x CPU`;

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** The bytes-read line of one corpus. */
function bytesLine(paths: readonly string[], total: number): string {
  const { sum, twice } = bytesRead(paths);
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
  console.log(`  speed-up: ${(ref.seconds * 1000 / ours.ms).toFixed(1)}x; ${bytesLine(pe, peBytes)}`);

  // Whole processes: start-up, module loading and a cold JIT included, as a user runs either tool.
  const work = await mkdtemp(join(tmpdir(), 'bench-binary-'));
  const reader = await bundleScript(work);
  const peList = join(work, 'pe-files.txt');
  await writeFile(peList, `${pe.join('\n')}\n`);
  const oursPeOut = join(work, 'pe-ours.txt');
  const refPeOut = join(work, 'pe-pefile.txt');
  const oursPeRuns: Timed[] = [];
  const refPeRuns: Timed[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    oursPeRuns.push(await timeChildren(async () => void (await run(process.execPath, [reader, peList, oursPeOut]))));
    refPeRuns.push(await timeChildren(async () => void (await run('/usr/bin/python3', ['-c', PEFILE_DIGEST, peList, refPeOut]))));
  }
  const oursPeDigest = await digests(oursPeOut);
  const refPeDigest = await digests(refPeOut);
  for (const p of pe) if (oursPeDigest.get(p) !== refPeDigest.get(p)) report(`${p}: whole process digest ${oursPeDigest.get(p)}, pefile ${refPeDigest.get(p)}`);
  const oursPe = medianOf(oursPeRuns);
  const refPe = medianOf(refPeRuns);
  console.log(`  whole processes, median of ${ROUNDS} rounds: python-dll-doctor (node, esbuild bundle) ${seconds(oursPe)}; pefile (one python3) ${seconds(refPe)}; speed-up ${ratio(refPe, oursPe)}`);

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
  const readelf = new Map<string, string>();
  const refElf = await timeChildren(async () => {
    for (const p of elf) {
      try {
        readelf.set(p, (await run('readelf', ['--dyn-syms', '-d', '-W', p], { maxBuffer: 1 << 28 })).stdout);
      } catch (error) {
        readelf.set(p, `ERROR ${(error as Error).message}`);
      }
    }
  });
  const refMs = refElf.wallMs;
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
  console.log(`  speed-up: ${(refMs / oursElf.ms).toFixed(1)}x; ${bytesLine(elf, elfBytes)}`);
  const elfList = join(work, 'elf-files.txt');
  await writeFile(elfList, `${elf.join('\n')}\n`);
  const oursElfOut = join(work, 'elf-ours.txt');
  const oursElfRuns: Timed[] = [];
  for (let round = 0; round < ROUNDS; round++) oursElfRuns.push(await timeChildren(async () => void (await run(process.execPath, [reader, elfList, oursElfOut]))));
  const oursElfDigest = await digests(oursElfOut);
  for (const p of elf) {
    const text = readelf.get(p) ?? '';
    if (text.startsWith('ERROR')) continue;
    const facts = parseReadelf(text);
    const expected = `elf ${facts.needed.length} ${facts.defined.length} ${facts.undefined.length}`;
    if (oursElfDigest.get(p) !== expected) report(`${p}: whole process digest ${oursElfDigest.get(p)}, readelf ${expected}`);
  }
  const oursElfWhole = medianOf(oursElfRuns);
  console.log(`  whole processes: python-dll-doctor (one node, median of ${ROUNDS} rounds) ${seconds(oursElfWhole)}; readelf (one process per file) ${seconds(refElf)}; speed-up ${ratio(refElf, oursElfWhole)}`);

  // Mach-O: the darwin binaries of the fixtures, every one compared with llvm-objdump field by field in
  // tests/binary/macho-objdump.test.ts; reference llvm-objdump-19 per file, all the tables the reader reads in one process.
  const macho: string[] = [];
  for (const d of DARWIN_FIXTURES) {
    await fetchOne(d.pkg, d.version).catch((error: unknown) => console.warn(`bench: could not fetch ${d.pkg}@${d.version}: ${(error as Error).message.split('\n')[0]}`));
    const path = join(fixtureDir(d.pkg, d.version), 'package', d.file);
    if (existsSync(path)) macho.push(path);
  }
  const machoBytes = await totalBytes(macho);
  await timeOurs(macho);
  const objdumpStart = performance.now();
  for (const p of macho) {
    await run('llvm-objdump-19', ['--macho', '--private-headers', '--exports-trie', '--chained-fixups', '--bind', '--lazy-bind', '--weak-bind', p], { maxBuffer: 1 << 30 })
      .catch((error: Error) => report(`${p}: llvm-objdump-19 ${error.message.split('\n')[0]}`));
  }
  const objdumpMs = performance.now() - objdumpStart;
  const oursMacho = await timeOurs(macho, MACHO_PASSES);
  for (const [p, m] of oursMacho.results) if (m instanceof Error || m.format !== 'macho') report(`${p}: ours ${m instanceof Error ? m.message : 'not Mach-O'}`);
  console.log(`Mach-O corpus: ${macho.length} files, ${mb(machoBytes)} MB (darwin packages from npm; one slice of a universal file); median of ${MACHO_PASSES} passes`);
  console.log(line('python-dll-doctor readModule', macho.length, machoBytes, oursMacho.ms));
  console.log(line('llvm-objdump-19 --macho (per file)', macho.length, machoBytes, objdumpMs));
  console.log(`  speed-up: ${(objdumpMs / oursMacho.ms).toFixed(1)}x; ${bytesLine(macho, machoBytes)}`);
  // Per byte against the ELF reader: both corpora in a fresh process of their own, passes alternating.
  const machoList = join(work, 'macho-files.txt');
  await writeFile(machoList, `${macho.join('\n')}\n`);
  const perByte = await bundleScript(work, 'bench-binary-per-byte.ts');
  const { stdout: perByteOut } = await run(process.execPath, [perByte, String(PER_BYTE_ROUNDS), elfList, machoList, String(MACHO_PER_ROUND)]);
  const passes = JSON.parse(perByteOut) as { a: number[]; b: number[] };
  const perByteRatio = (machoMs: number, elfMs: number): string => ((machoBytes / machoMs) / (elfBytes / elfMs)).toFixed(1);
  const best = (values: number[]): number => Math.min(...values);
  console.log(`  per byte against the ELF reader, in one process of its own (${passes.a.length} ELF passes, ${passes.b.length} Mach-O passes, alternating): `
    + `ELF median ${median(passes.a).toFixed(0)} ms, Mach-O median ${median(passes.b).toFixed(1)} ms; speed-up per byte ${perByteRatio(median(passes.b), median(passes.a))}x the ELF reader's `
    + `(best passes ${perByteRatio(best(passes.b), best(passes.a))}x)`);
  await rm(work, { recursive: true, force: true });
  console.log(`disagreements: ${disagreements}`);
  if (disagreements > 0) process.exitCode = 1;
}

await main();
