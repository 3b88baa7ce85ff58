import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Static security scan of the Electron code with Electronegativity: `npm run security`, part of `npm test`.
 *
 * Electronegativity (https://github.com/doyensec/electronegativity) is unmaintained and has three
 * traps this script works around, each noted where it is handled (STYLE.md §9):
 * 1. its command line exits 0 whatever it finds: we run it in-process and judge its findings here,
 *    failing on any HIGH finding that has no written justification below;
 * 2. it reaches the network twice: AvailableSecurityFixesGlobalCheck (excluded) and, at every start,
 *    a download of translation files (dist/locales/i18n.js) whose retry timer crashes the process
 *    offline; we load it with that download declined at once, so it uses its bundled en-US strings;
 * 3. it only reads .js/.ts/.html/.json: the built dist/main.cjs and dist/preload.cjs are copied to .js
 *    names in a temp folder before they are scanned.
 * Its SARIF reports are written to --out DIR (a new temp folder by default) and read back; the paths
 * are printed, for CI to upload.
 */

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly confidence: string;
  /** Path relative to the scanned input, as Electronegativity reports it. */
  readonly file: string;
  readonly input: string;
  readonly line: number;
  readonly column: number;
  readonly sample: string;
  /** The source from the finding's position to the end of its call or statement (bounded). */
  readonly call: string;
  readonly description: string;
  readonly manualReview: boolean;
}

/** Why a particular finding is a false positive for us; matched by check id, file and call. */
export interface Justification {
  readonly check: string;
  /** Matched against `<input label>/<file>`; every file when absent. */
  readonly file?: RegExp;
  /** Looks at the flagged source (Finding.sample, Finding.call); any finding of the check when absent. */
  readonly when?: (finding: Finding) => boolean;
  readonly why: string;
}

const MAIN_PROCESS = /^(main\/main\.ts|dist-app\/main\.js)$/;

/**
 * True when a `new BrowserWindow(...)` takes its options from mainWindowOptions and overrides no
 * webPreferences. Electronegativity cannot follow the function call, so it reports the checklist
 * options as missing; tests/ship/window-options.test.ts asserts each of them instead.
 */
export function usesTestedWindowOptions({ call }: Pick<Finding, 'call'>): boolean {
  return /^new\s+[\w$.]*BrowserWindow\s*\(/.test(call) && /\bmainWindowOptions\s*\(/.test(call) && !/webPreferences/.test(call);
}

/**
 * Findings we have read and judged safe, each with its reason. Only what is listed here is excused:
 * a new finding of any check, or of a listed check in another file or call, counts again.
 */
export const JUSTIFIED: readonly Justification[] = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: /^(main|dist-app)\/N\/A$/,
    why: 'The CSP is sent as a response header by the app:// protocol handler (main/content-security-policy.ts, main/app-protocol.ts). Electronegativity looks only for <meta> tags and session.webRequest, so it cannot see it.',
  },
  ...['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK', 'EXPERIMENTAL_FEATURES_JS_CHECK'].map(
    (check): Justification => ({
      check,
      file: MAIN_PROCESS,
      when: usesTestedWindowOptions,
      why: 'The window is built from mainWindowOptions (main/window-options.ts), which writes this option with its safe value; tests/ship/window-options.test.ts asserts it.',
    }),
  ),
  {
    check: 'AUXCLICK_JS_CHECK',
    file: MAIN_PROCESS,
    why: 'A middle click can only ask for a new window; setWindowOpenHandler in main.ts denies every new window (https links go to the browser instead).',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: MAIN_PROCESS,
    why: 'Reviewed: main/preload.ts exposes one named function per contract operation and an event subscription through contextBridge; ipcRenderer itself never reaches the page.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: MAIN_PROCESS,
    when: ({ sample }) => /startsWith\(\s*['"]https:\/\/['"]\s*\)\)\s*(void\s+)?[\w$.]*openExternal\(/.test(sample),
    why: 'Reviewed: only https:// URLs reach shell.openExternal, from setWindowOpenHandler; no file:, smb: or custom scheme can be opened.',
  },
];

export interface ScanInput {
  /** A folder or one file. */
  readonly path: string;
  /** A short name shown in front of each finding's file (main, dist-app, ...). */
  readonly label: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  /** Files Electronegativity could not parse: a scan that parsed nothing proves nothing. */
  readonly parseErrors: readonly { file: string; message: string }[];
  readonly sarifFiles: readonly string[];
}

/** Checks that are never run: this one downloads Electron's release list. */
export const EXCLUDED_CHECKS: readonly string[] = ['AvailableSecurityFixesGlobalCheck'];

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description: string;
  manualReview?: boolean;
  severity: { name: Severity };
  confidence: { name: string };
}

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

/** Loads Electronegativity's runner with its translation download replaced by an immediate refusal. */
function loadRunner(): Runner {
  const runnerPath = createRequire(import.meta.url).resolve('@doyensec/electronegativity');
  const scannerRequire = createRequire(runnerPath);
  const gotPath = createRequire(path.join(path.dirname(runnerPath), 'locales', 'i18n.js')).resolve('got');
  const offline = new Module(gotPath);
  offline.filename = gotPath;
  offline.loaded = true;
  offline.exports = () => Promise.reject(new Error('Python DLL Doctor runs Electronegativity offline.'));
  scannerRequire.cache[gotPath] = offline;
  const runner = scannerRequire(runnerPath) as { default?: Runner } | Runner;
  return typeof runner === 'function' ? runner : (runner.default as Runner);
}

/** Runs Electronegativity over each input and returns every finding, with its severity. */
export async function scanElectronCode(inputs: readonly ScanInput[], electronVersion: string, outDir: string): Promise<ScanResult> {
  const run = loadRunner();
  const findings: Finding[] = [];
  const parseErrors: { file: string; message: string }[] = [];
  const sarifFiles: string[] = [];
  for (const input of inputs) {
    const sarif = path.join(outDir, `electronegativity-${input.label}.sarif`);
    const result = await run(
      {
        input: path.resolve(input.path),
        output: sarif,
        isSarif: true,
        customScan: [],
        excludeFromScan: [...EXCLUDED_CHECKS],
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    for (const error of result.errors) if (!error.tolerable) parseErrors.push({ file: `${input.label}/${error.file}`, message: error.message });
    for (const issue of result.issues) {
      const source = await sourceOf(input.path, issue.file);
      findings.push({
        check: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        input: input.label,
        line: issue.location.line,
        column: issue.location.column,
        sample: issue.sample ?? '',
        call: source === undefined ? '' : callAt(source, issue.location.line, issue.location.column),
        description: issue.description,
        manualReview: Boolean(issue.manualReview),
      });
    }
    await expectSarifResults(sarif, result.issues.length);
    sarifFiles.push(sarif);
  }
  return { findings, parseErrors, sarifFiles };
}

/**
 * Reads the SARIF report back and checks it lists as many results as the run returned.
 *
 * Electronegativity writes it with a callback it does not wait for, so the file may appear a moment
 * after the run resolves: we wait for it, for a bounded time.
 */
async function expectSarifResults(file: string, expected: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      const report = JSON.parse(await readFile(file, 'utf8')) as { runs?: { results?: unknown[] }[] };
      const count = report.runs?.[0]?.results?.length;
      if (count === expected) return;
      throw new Error(`${file} lists ${String(count)} results, the run returned ${expected}.`);
    } catch (error) {
      if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Electronegativity did not write its report ${file}.`);
}

export interface Judgement {
  /** HIGH findings without a justification: these fail the scan. */
  readonly failing: readonly Finding[];
  readonly justified: readonly { finding: Finding; why: string }[];
  /** MEDIUM and lower findings without a justification: reported, reviewed by people, not failing. */
  readonly reported: readonly Finding[];
  /** Justifications that matched nothing (the code changed): listed so they get removed. */
  readonly unused: readonly Justification[];
}

/** Sorts findings into failing, justified and reported ones. */
export function judge(findings: readonly Finding[], justifications: readonly Justification[] = JUSTIFIED): Judgement {
  const used = new Set<Justification>();
  const failing: Finding[] = [];
  const justified: { finding: Finding; why: string }[] = [];
  const reported: Finding[] = [];
  for (const finding of findings) {
    const where = `${finding.input}/${finding.file}`;
    const reason = justifications.find((j) => j.check === finding.check && (!j.file || j.file.test(where)) && (!j.when || j.when(finding)));
    if (reason) {
      used.add(reason);
      justified.push({ finding, why: reason.why });
    } else if (finding.severity === 'HIGH') {
      failing.push(finding);
    } else {
      reported.push(finding);
    }
  }
  return { failing, justified, reported, unused: justifications.filter((j) => !used.has(j)) };
}

/**
 * The inputs of a normal run: main/ (the sources), and where dist/ is built, the app as it is packed
 * (main, preload, renderer) in one folder, so the global checks (navigation limits, permission
 * handler, CSP) see the main process and the pages together, as in app.asar.
 */
export async function defaultInputs(root: string, workDir: string): Promise<ScanInput[]> {
  const inputs: ScanInput[] = [{ path: path.join(root, 'main'), label: 'main' }];
  const dist = path.join(root, 'dist');
  if (!(await exists(path.join(dist, 'main.cjs')))) return inputs;
  const app = path.join(workDir, 'dist-app');
  await mkdir(app, { recursive: true });
  for (const built of ['main.cjs', 'preload.cjs']) {
    if (await exists(path.join(dist, built))) await copyFile(path.join(dist, built), path.join(app, `${path.basename(built, '.cjs')}.js`));
  }
  if (await exists(path.join(dist, 'renderer'))) {
    await cp(path.join(dist, 'renderer'), path.join(app, 'renderer'), { recursive: true, filter: (source) => !source.endsWith('.map') });
  }
  inputs.push({ path: app, label: 'dist-app' });
  return inputs;
}

/** The text of a scanned file, or undefined for global findings (file "N/A"). */
async function sourceOf(inputPath: string, file: string): Promise<string | undefined> {
  if (file === 'N/A') return undefined;
  const info = await stat(inputPath);
  const full = info.isFile() ? inputPath : path.resolve(inputPath, file);
  return readFile(full, 'utf8').catch(() => undefined);
}

/** Longest stretch of source a justification looks at. */
const MAX_CALL_CHARS = 4000;

/**
 * The source from (line, column) to the parenthesis that closes the first call opened there, so a
 * justification can read a whole `new BrowserWindow(...)` even when it spans lines. Strings and
 * comments are not special-cased: enough for the calls we check, and bounded either way.
 */
export function callAt(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) return '';
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, column);
  const text = source.slice(start, start + MAX_CALL_CHARS);
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') {
      depth -= 1;
      if (depth === 0) return text.slice(0, i + 1);
    } else if (depth === 0 && (text[i] === ';' || text[i] === '\n')) return text.slice(0, i);
  }
  return text;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Counts the files Electronegativity can read under a path, so an empty scan is an error. */
async function countScannable(target: string): Promise<number> {
  const info = await stat(target);
  if (info.isFile()) return /\.(js|jsx|ts|tsx|html?|json)$/.test(target) ? 1 : 0;
  let count = 0;
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(js|jsx|ts|tsx|html?)$/.test(entry.name)) count += 1;
  }
  return count;
}

function describe(finding: Finding): string {
  return `${finding.severity.padEnd(13)} ${finding.check}  ${finding.input}/${finding.file}:${finding.line}:${finding.column}${finding.manualReview ? '  (review)' : ''}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { input: { type: 'string', multiple: true }, out: { type: 'string' } }, strict: true });
  const root = path.resolve(import.meta.dirname, '..');
  const outDir = values.out ? path.resolve(values.out) : await mkdtemp(path.join(tmpdir(), 'doctor-security-scan-'));
  await mkdir(outDir, { recursive: true });
  const copies = await mkdtemp(path.join(tmpdir(), 'doctor-security-scan-inputs-'));
  try {
    return await scanAndReport(root, outDir, values.input?.length ? values.input.map((p) => ({ path: path.resolve(p), label: path.basename(p) })) : await defaultInputs(root, copies));
  } finally {
    await rm(copies, { recursive: true, force: true });
  }
}

async function scanAndReport(root: string, outDir: string, inputs: readonly ScanInput[]): Promise<number> {
  for (const input of inputs) {
    if (!(await exists(input.path))) {
      console.error(`Nothing to scan at ${input.path}: give an existing folder or .js/.ts/.html file.`);
      return 2;
    }
    if ((await countScannable(input.path)) === 0) {
      console.error(`${input.path} holds no .js, .ts or .html file Electronegativity can read.`);
      return 2;
    }
  }
  const electron = JSON.parse(await readFile(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  const result = await scanElectronCode(inputs, electron.version, outDir);
  const verdict = judge(result.findings);

  console.log(`Electronegativity over ${inputs.map((i) => i.label).join(', ')} (Electron ${electron.version}; excluded: ${EXCLUDED_CHECKS.join(', ')})`);
  for (const error of result.parseErrors) console.log(`PARSE ERROR   ${error.file}: ${error.message}`);
  for (const finding of verdict.failing) console.log(`${describe(finding)}\n              ${finding.description}`);
  for (const finding of verdict.reported) console.log(describe(finding));
  for (const { finding, why } of verdict.justified) console.log(`${describe(finding)}  [justified: ${why}]`);
  if (verdict.unused.length) console.log(`note: justifications that matched nothing this time: ${[...new Set(verdict.unused.map((j) => j.check))].join(', ')}`);
  console.log(`SARIF reports: ${result.sarifFiles.join(', ')}`);
  const failed = verdict.failing.length + result.parseErrors.length;
  console.log(
    failed
      ? `FAILED: ${verdict.failing.length} HIGH finding(s) without a justification, ${result.parseErrors.length} file(s) not parsed.`
      : `OK: no unjustified HIGH finding (${verdict.reported.length} lower finding(s) reported, ${verdict.justified.length} justified).`,
  );
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
