/**
 * Builds real wheels for tests (pure Python, or C extensions compiled with gcc against python3's headers).
 *
 * Signatures:
 *   buildWheel(spec: WheelSpec): Promise<string>            // absolute path of the .whl written to spec.outDir
 *   extensionSuffix(python?: string): Promise<string>       // e.g. ".cpython-311-x86_64-linux-gnu.so"
 *   testPython(): string                                    // $PDD_TEST_PYTHON or "python3"
 * A WheelSpec extension with `library` gets `<top>.libs/lib<name>.so`, linked with rpath $ORIGIN, so the
 * wheel works like an auditwheel-repaired one. The work is done by tests/support/make_wheel.py (stdlib only).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const makeWheelScript = fileURLToPath(new URL('./make_wheel.py', import.meta.url));

export interface WheelExtension {
  /** Dotted module name, e.g. "demo._core". */
  readonly module: string;
  /** C source; omitted: a module whose answer() returns 42 (or the library's dd_answer()). */
  readonly source?: string;
  /** A companion shared library placed in `<top>.libs/lib<name>.so`. */
  readonly library?: { readonly name: string; readonly source?: string };
}

export interface WheelSpec {
  readonly name: string;
  readonly version: string;
  readonly outDir: string;
  /** Requires-Dist lines (PEP 508). */
  readonly requires?: readonly string[];
  /** Pure-Python files by archive path, e.g. {"demo/__init__.py": "X = 1\n"}. */
  readonly files?: Readonly<Record<string, string>>;
  readonly extensions?: readonly WheelExtension[];
  /** Wheel tag "py-abi-plat"; default py3-none-any, or this interpreter's tag when extensions are given. */
  readonly tag?: string;
  /** Interpreter whose headers and suffix are used; default testPython(). */
  readonly python?: string;
}

/** The python3 the tests use: $PDD_TEST_PYTHON or "python3" from PATH. */
export function testPython(): string {
  return process.env.PDD_TEST_PYTHON ?? 'python3';
}

/** Builds the wheel and returns its absolute path. */
export async function buildWheel(spec: WheelSpec): Promise<string> {
  const payload = JSON.stringify({
    name: spec.name,
    version: spec.version,
    out_dir: spec.outDir,
    requires: spec.requires ?? [],
    files: spec.files ?? {},
    extensions: spec.extensions ?? [],
    tag: spec.tag ?? null,
  });
  const child = execFile(spec.python ?? testPython(), [makeWheelScript], { encoding: 'utf8' });
  const done = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: string) => (out += d));
    child.stderr?.on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`make_wheel.py failed (${code}): ${err}`))));
  });
  child.stdin?.end(payload);
  return done;
}

/** The interpreter's EXT_SUFFIX (file name ending of its extension modules). */
export async function extensionSuffix(python: string = testPython()): Promise<string> {
  const { stdout } = await run(python, ['-c', 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))']);
  return stdout.trim();
}
