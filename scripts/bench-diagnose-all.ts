/**
 * `diagnose --all` on a real 100+ package scientific environment, next to its floor: importing
 * every extension module once in one interpreter. Both in the same run.
 *
 * The environment is built once with pip from the wheels pip reaches on this machine (its
 * configured index and extra index) and kept in .cache/bench-env/ (delete it to rebuild). The
 * diagnosis runs as a user runs it: `python-dll-doctor diagnose --all --json` through the CLI
 * host, bundled from this checkout's sources as `npm run build` bundles dist/cli.mjs.
 *
 * Run: npx tsx scripts/bench-diagnose-all.ts [--python /usr/bin/python3.11]   (npm run bench:diagnose-all)
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createLiveDeps } from '../app/diagnosis/facts/live-deps';

const run = promisify(execFile);
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const ENV_DIR = join(ROOT, '.cache', 'bench-env');
const VENV = join(ENV_DIR, 'venv');
const PYTHON = join(VENV, 'bin', 'python');
/** Rounds of floor then diagnosis, one after the other; the median ratio is the figure. */
const ROUNDS = 3;

/** Top-level requirements; with their dependencies they make well over 100 distributions. */
const REQUIREMENTS = [
  'numpy', 'scipy', 'pillow', 'scikit-image', 'matplotlib', 'pandas', 'h5py', 'cryptography', 'pydantic', 'lxml',
  'scikit-learn', 'pyarrow', 'pyyaml', 'msgpack', 'orjson', 'regex', 'aiohttp', 'grpcio', 'psutil', 'shapely',
  'zstandard', 'sqlalchemy', 'bcrypt', 'ujson', 'statsmodels', 'tornado', 'pyzmq', 'pywavelets', 'imagecodecs',
  'netcdf4', 'numexpr', 'tables', 'bottleneck', 'duckdb', 'xxhash', 'lz4', 'brotli', 'cytoolz', 'httptools',
  'uvloop', 'websockets', 'simplejson', 'jiter', 'tokenizers', 'safetensors', 'argon2-cffi', 'coincurve', 'markupsafe',
];

async function buildEnvironment(python: string): Promise<void> {
  if (existsSync(join(ENV_DIR, '.complete'))) return;
  await mkdir(ENV_DIR, { recursive: true });
  console.log(`building ${VENV} with ${python} (${REQUIREMENTS.length} requirements; once, cached)`);
  await run(python, ['-m', 'venv', VENV]);
  await run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--retries', '0', '--only-binary', ':all:', ...REQUIREMENTS], { maxBuffer: 1 << 26, timeout: 3_600_000 });
  await writeFile(join(ENV_DIR, '.complete'), `${REQUIREMENTS.join('\n')}\n`);
}

/** Imports every extension module once in one interpreter: the floor. */
const FLOOR_SCRIPT = String.raw`
import importlib, json, sys, time
mods = json.loads(sys.stdin.read())
failed = []
for m in mods:
    try:
        importlib.import_module(m)
    except BaseException as e:
        failed.append(m)
print(json.dumps({"failed": failed}))
`;

/**
 * CPU seconds used so far by the waited-for children of this process, their own children included
 * (Linux /proc/self/stat cutime + cstime): what a side costs, whatever else loads the machine.
 */
function childCpuSeconds(): number {
  if (process.platform !== 'linux') return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / 100;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T, number]> {
  const cpu = childCpuSeconds();
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value, childCpuSeconds() - cpu];
}

function floorRun(modules: readonly string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = execFile(PYTHON, ['-I', '-c', FLOOR_SCRIPT], { maxBuffer: 1 << 26 }, (error, stdout) => (error ? reject(error) : resolveRun(stdout)));
    child.stdin?.end(JSON.stringify(modules));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { python: { type: 'string' } } });
  await buildEnvironment(values.python ?? 'python3');
  // The modules the diagnosis examines, named as it names them.
  const env = await createLiveDeps().describeEnvironment(PYTHON);
  const modules = env.packages.flatMap((p) => p.extensionModules.map((e) => e.module));
  console.log(`environment: ${env.packages.length} distributions, ${modules.length} extension modules (${VENV})`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores shared with other work: ratios matter)`);
  // The CLI as shipped (bin: dist/cli.mjs), bundled here from this checkout's sources, since a
  // dist/ build may be older than them.
  const bundle = join(ROOT, '.cache', 'bench-cli', 'cli.mjs');
  await build({
    bundle: true, platform: 'node', target: 'node22', format: 'esm', logLevel: 'warning', entryPoints: [join(ROOT, 'app', 'cli', 'main.ts')], outfile: bundle,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  await copyFile(join(ROOT, 'app', 'envs', 'probe.py'), join(ROOT, '.cache', 'bench-cli', 'probe.py'));
  const cli = [process.execPath, [bundle]] as const;
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [floorMs, floorOut, floorCpu] = await timed(() => floorRun(modules));
    const failedInFloor = (JSON.parse(floorOut.trim().split('\n').pop() ?? '{}') as { failed?: string[] }).failed ?? [];
    const [ms, out, cpu] = await timed(() => run(cli[0], [...cli[1], 'diagnose', '--python', PYTHON, '--all', '--json'], { maxBuffer: 1 << 28, timeout: 3_600_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' })));
    const d = JSON.parse(out.stdout) as { status: string; modules: { ok: boolean }[]; checks: { id: string; detail: string }[] };
    const batches = d.checks.find((c) => c.id === 'import-batches')?.detail ?? 'no batching';
    console.log(`round ${round + 1}: floor (one interpreter imports all ${modules.length}): ${(floorMs / 1000).toFixed(1)} s, ${failedInFloor.length} fail there`);
    console.log(`         diagnose --all --json (CLI): ${(ms / 1000).toFixed(1)} s, status ${d.status}, ${d.modules.filter((m) => !m.ok).length} of ${d.modules.length} modules fail; ${batches}`);
    console.log(`         ratio: ${(ms / floorMs).toFixed(2)}x wall; CPU (process and children) ${cpu.toFixed(1)} s against ${floorCpu.toFixed(1)} s, ${(cpu / floorCpu).toFixed(2)}x; load ${loadavg()[0]?.toFixed(1)}`);
    ratios.push(ms / floorMs);
    cpuRatios.push(cpu / floorCpu);
  }
  ratios.sort((a, b) => a - b);
  cpuRatios.sort((a, b) => a - b);
  console.log(`median ratio of ${ROUNDS} rounds: ${(ratios[Math.floor(ROUNDS / 2)] ?? NaN).toFixed(2)}x wall, ${(cpuRatios[Math.floor(ROUNDS / 2)] ?? NaN).toFixed(2)}x CPU (goal <= 1.5x); load average now: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
