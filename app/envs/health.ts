/**
 * Health checks of one described environment, in the spirit of `conda doctor` and `pip check`.
 *
 * - a package installed by both pip and conda (the cause mixed-managers, docs/diagnosis.md);
 * - files listed in RECORD or in conda-meta that are missing or altered (sha256), like conda doctor's
 *   missing-files / altered-files checks (conda/conda `conda/plugins/subcommands/doctor/`);
 * - Requires-Dist not met, markers evaluated for the environment (pip check; limits in requirements.ts);
 * - conda-meta `depends` not met by the installed conda records (what conda enforces);
 * - wheel tags that do not fit the interpreter (pip ≥ 24.2 "is not supported on this platform").
 * RECORD is checked only for distributions whose INSTALLER names a Python installer other than conda.
 * By default only native files (extension modules and DLLs / shared objects) are hashed, because those
 * are what breaks imports and hashing a whole environment takes long; existence is checked for all files.
 */
import { isExtensionModule, parseRecord, readCondaPathsData } from './distributions';
import { nodeHost, type EnvHost } from './host';
import { normalizeName, satisfies } from '../base/package-spec';
import { pathsFor } from './paths';
import { dependencyMet, parseDependency } from './conda-spec';
import { hashBudget, hashListedFile, placeEntry, recordRoot } from './record-files';
import { ListedFiles } from './listed-files';
import { capEntries, IssueLimiter, MAX_ENTRIES_PER_RECORD, MAX_RECORD_BYTES, readRecordText } from './record-limits';
import { evaluateMarker, parseRequirement } from './requirements';
import { expandTag, tagFits } from './tags';
import { message, texts, type MessageRef } from '../messages';
import type { EnvironmentDescription, HealthIssue, HealthReport } from './types';

export type { HealthCheckKind, HealthIssue, HealthReport } from './types';

export interface HealthOptions {
  readonly host?: EnvHost;
  /** 'native' (default): hash extension modules and shared libraries; 'all'; 'none' (existence only). */
  readonly verifyHashes?: 'native' | 'all' | 'none';
  /** Time for hashing in the whole check (default record-files.ts HASH_BUDGET_MS). */
  readonly hashBudgetMs?: number;
  /** Files larger than this are not hashed (default record-files.ts MAX_HASH_BYTES). */
  readonly maxHashBytes?: number;
}

const nativeFile = /\.(pyd|dll|dylib)$|\.so(\.[0-9][0-9.]*)?$/i;

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The kinds of issue the limiter counts per record, as the "… more … not listed" sentence names them. */
const KIND_MESSAGES: Readonly<Record<string, MessageRef>> = {
  'missing-file': message('health.kind.missing-file'),
  'altered-file': message('health.kind.altered-file'),
  'suspicious-record': message('health.kind.suspicious-record'),
  'skipped-file': message('health.kind.skipped-file'),
};

/** Runs every check that the description's data allows. */
export async function checkHealth(description: EnvironmentDescription, options: HealthOptions = {}): Promise<HealthReport> {
  const host = options.host ?? nodeHost();
  const verify = options.verifyHashes ?? 'native';
  const p = pathsFor(host.platform);
  const issues: HealthIssue[] = [];
  let filesChecked = 0;
  let filesHashed = 0;
  const shouldHash = (file: string, suffixes: readonly string[]): boolean =>
    verify === 'all' || (verify === 'native' && (nativeFile.test(file) || isExtensionModule(file, suffixes)));
  const suffixes = description.python?.extensionSuffixes ?? [];

  // pip and conda both own a package.
  const condaByName = new Map(description.condaRecords.map((r) => [normalizeName(r.name), r]));
  for (const d of description.distributions) {
    const rec = condaByName.get(d.normalizedName);
    if (rec && d.installer !== null && d.installer !== 'conda') {
      issues.push({
        check: 'pip-conda-overlap',
        severity: 'error',
        package: d.name,
        ...texts({ message: message('health.pip-conda-overlap', { name: d.name, version: d.version, installer: d.installer, condaName: rec.name, condaVersion: rec.version, build: rec.build }) }),
        detail: `${d.metadataPath} | ${rec.metaFile}`,
        installer: d.installer,
        version: d.version,
        conda: { version: rec.version, build: rec.build },
      });
    }
  }

  // RECORD files. Skipped where RECORD is not the installer's account of the files: no INSTALLER means a
  // system package manager (Debian's dh_python strips .so files after RECORD is written), and conda's
  // own records (checked below) are authoritative for INSTALLER "conda".
  // Entries are placed before anything is looked at (app/envs/record-files.ts): one outside the
  // environment is never stat'ed or opened, and only regular files inside it are hashed, within limits.
  const caseInsensitive = host.platform === 'win32';
  const budget = hashBudget(options.hashBudgetMs, options.maxHashBytes);
  const limiter = new IssueLimiter();
  const report = (issue: HealthIssue): void => {
    if (limiter.admit(issue.package, issue.check)) issues.push(issue);
  };
  const realRoots = new Map<string, string>();
  const realRootOf = async (root: string): Promise<string> => {
    let real = realRoots.get(root);
    if (real === undefined) realRoots.set(root, (real = (await host.realPath(root)) ?? root));
    return real;
  };
  // One listing per folder, lstat for a name not in it (listed-files.ts): the same answers as one lstat per entry.
  const listed = new ListedFiles(host, p);
  const exists = (file: string): Promise<boolean> => listed.exists(file);
  /** Checks one listed file; returns the digest when it was hashed. */
  const checkEntry = async (pkg: string, label: string, root: string, base: string, entry: string, hashed: boolean): Promise<Uint8Array | null> => {
    const place = placeEntry(p, root, base, entry, caseInsensitive);
    if (!place.inside) {
      report({ check: 'suspicious-record', severity: 'warning', package: pkg, ...texts({ message: message('health.record-outside', { label, entry, why: place.why, file: place.file }) }), detail: place.file, file: place.file });
      return null;
    }
    filesChecked++;
    if (!hashed) {
      if (!(await exists(place.file))) report({ check: 'missing-file', severity: nativeFile.test(entry) ? 'error' : 'warning', package: pkg, ...texts({ message: message('health.missing-file', { label, entry }) }), detail: place.file, file: place.file });
      return null;
    }
    const outcome = await hashListedFile(host, p, await realRootOf(root), place.file, budget, caseInsensitive);
    if (outcome.status === 'missing') report({ check: 'missing-file', severity: nativeFile.test(entry) ? 'error' : 'warning', package: pkg, ...texts({ message: message('health.missing-file', { label, entry }) }), detail: place.file, file: place.file });
    else if (outcome.status === 'outside') report({ check: 'suspicious-record', severity: 'warning', package: pkg, ...texts({ message: message('health.link-outside', { label, entry, why: outcome.why }) }), detail: place.file, file: place.file });
    else if (outcome.status === 'skipped') report({ check: 'skipped-file', severity: 'warning', package: pkg, ...texts({ message: message('health.not-hashed', { label, entry, reason: outcome.reason }) }), detail: place.file, file: place.file });
    else {
      filesHashed++;
      return outcome.digest;
    }
    return null;
  };
  const recordTooLarge = (pkg: string, label: string, file: string, size: number | null): void => {
    report({ check: 'skipped-file', severity: 'warning', package: pkg, ...texts({ message: message('health.record-too-large', { label, file, size: size === null ? message('health.size.too-large') : message('health.size.mb', { size: Math.round(size / (1024 * 1024)) }), limit: MAX_RECORD_BYTES / (1024 * 1024) }) }), detail: file, file });
  };
  const entriesLeftOut = (pkg: string, label: string, file: string, leftOut: number): void => {
    if (leftOut > 0) report({ check: 'skipped-file', severity: 'warning', package: pkg, ...texts({ message: message('health.entries-left-out', { label, leftOut, file, max: MAX_ENTRIES_PER_RECORD }) }), detail: file, file });
  };

  for (const d of description.distributions) {
    if (d.format !== 'dist-info' || d.recordEntries === 0 || d.installer === null || d.installer === 'conda') continue;
    const recordFile = p.join(d.metadataPath, 'RECORD');
    const label = `${d.name} ${d.version}`;
    const read = await readRecordText(host, recordFile);
    if (read.text === null) {
      if ('tooLarge' in read && read.tooLarge) recordTooLarge(d.name, label, recordFile, read.size);
      continue;
    }
    const root = recordRoot(p, description.prefix, d.location, caseInsensitive);
    const { kept, leftOut } = capEntries(parseRecord(read.text).filter((row) => row.hash.startsWith('sha256=')));
    entriesLeftOut(d.name, label, recordFile, leftOut);
    for (const row of kept) {
      const digest = await checkEntry(d.name, label, root, d.location, row.path, shouldHash(row.path, suffixes));
      if (digest && toBase64Url(digest) !== row.hash.slice('sha256='.length)) {
        report({ check: 'altered-file', severity: 'error', package: d.name, ...texts({ message: message('health.altered-file.pip', { label, entry: row.path }) }), detail: p.resolve(d.location, row.path), file: p.resolve(d.location, row.path) });
      }
    }
  }

  // conda-meta files.
  for (const r of description.condaRecords) {
    const label = `${r.name} ${r.version} (conda)`;
    const pathsData = await readCondaPathsData(host, r);
    if (pathsData.tooLarge) {
      recordTooLarge(r.name, label, r.metaFile, pathsData.tooLarge.size);
      continue;
    }
    // Without paths_data (conda before 4.3), the record's files, already capped, with no hashes.
    const { kept, leftOut } = pathsData.kept.length > 0 ? pathsData : { kept: r.files.map((f) => ({ path: f, sha256: null, size: null })), leftOut: 0 };
    entriesLeftOut(r.name, label, r.metaFile, leftOut);
    for (const e of kept) {
      const digest = await checkEntry(r.name, label, description.prefix, description.prefix, e.path, e.sha256 !== null && shouldHash(e.path, suffixes));
      if (digest && e.sha256 && toHex(digest) !== e.sha256.toLowerCase()) {
        report({ check: 'altered-file', severity: 'error', package: r.name, ...texts({ message: message('health.altered-file.conda', { label, entry: e.path }) }), detail: p.resolve(description.prefix, e.path), file: p.resolve(description.prefix, e.path) });
      }
    }
  }
  // conda-meta files too large to be read were left out of the description: say so.
  if (description.condaRecords.length > 0 || description.kind === 'conda') {
    const metaDir = p.join(description.prefix, 'conda-meta');
    const read = new Set(description.condaRecords.map((r) => r.metaFile));
    for (const entry of await host.listDir(metaDir)) {
      const file = p.join(metaDir, entry);
      if (!entry.endsWith('.json') || read.has(file)) continue;
      const size = await host.size(file);
      if (size !== null && size > MAX_RECORD_BYTES) recordTooLarge(entry, `conda-meta/${entry}`, file, size);
    }
  }
  for (const o of limiter.overflow()) {
    issues.push({ check: 'issues-left-out', severity: 'warning', package: o.record, ...texts({ message: message('health.issues-left-out', { record: o.record, leftOut: o.leftOut, kind: KIND_MESSAGES[o.kind] ?? o.kind }) }), detail: '', kind: o.kind, leftOut: o.leftOut });
  }

  // Requires-Dist.
  const markers = description.python?.markers;
  const installed = new Map(description.distributions.map((d) => [d.normalizedName, d]));
  if (markers && Object.keys(markers).length > 0) {
    for (const d of description.distributions) {
      for (const line of d.requiresDist) {
        const req = parseRequirement(line);
        if (!req) continue;
        if (req.marker && !evaluateMarker(req.marker, markers)) continue;
        const dep = installed.get(normalizeName(req.name));
        if (!dep) {
          issues.push({ check: 'requirement-missing', severity: 'error', package: d.name, ...texts({ message: message('health.requirement-missing', { name: d.name, version: d.version, requirement: req.name }) }), detail: line, requirement: req.name, line });
          continue;
        }
        const unmet = req.specifiers.find((s) => !satisfies(dep.version, `${s.op}${s.version}`));
        if (unmet) {
          issues.push({ check: 'requirement-version', severity: 'error', package: d.name, ...texts({ message: message('health.requirement-version', { name: d.name, version: d.version, requirement: line.split(';')[0]!.trim(), installedName: dep.name, installedVersion: dep.version }) }), detail: line, requirement: req.name, line, installedVersion: dep.version });
        }
      }
    }
  }

  // conda-meta `depends`: what conda itself enforces between the records of the prefix.
  const condaInstalled = new Map(description.condaRecords.map((r) => [normalizeName(r.name), r]));
  for (const r of description.condaRecords) {
    for (const text of r.depends) {
      // conda's match-spec grammar decides ("python 3.6*" admits 3.6.0, "jpeg 9*" admits 9b), never PEP 440.
      const requirement = parseDependency(text).name;
      const have = condaInstalled.get(normalizeName(requirement));
      if (!have || dependencyMet(text, have)) continue;
      issues.push({ check: 'conda-dependency-version', severity: 'error', package: r.name, ...texts({ message: message('health.conda-dependency-version', { name: r.name, version: r.version, requirement: text, installedName: have.name, installedVersion: have.version }) }), detail: text, requirement, installedVersion: have.version });
    }
  }

  // Wheel tags.
  const py = description.python;
  if (py) {
    const env = {
      implementation: py.implementation,
      versionInfo: py.versionInfo,
      abiTag: py.abiTag,
      platformTags: py.platformTags,
    };
    const arch = py.platformTags.at(-1)?.replace(/^linux_/, '') ?? '';
    for (const d of description.distributions) {
      if (d.wheelTags.length === 0) continue;
      const tags = d.wheelTags.flatMap(expandTag);
      const fits = tags.some(
        (t) =>
          tagFits(t, env) ||
          (py.glibcVersion === null && py.platform === 'linux' && tagFits(t.replace(/-(manylinux|musllinux)[0-9_]*_(\w+)$/, (_m, _k, a: string) => `-linux_${a}`), env) && t.endsWith(arch)) ||
          // A macOS folder read offline: the Mac's version is unknown, so a wheel is judged by its architecture only.
          (description.status === 'offline' && py.platform === 'darwin' && tagFits(t.replace(/-macosx_\d+_\d+_(\w+)$/, (m, a: string) => (a === 'universal2' ? `-${py.platformTags[0]}` : `-${py.platformTags.find((p) => p.endsWith(`_${a}`)) ?? m.slice(1)}`)), env)),
      );
      if (!fits) {
        issues.push({
          check: 'incompatible-wheel',
          severity: 'error',
          package: d.name,
          ...texts({ message: message('health.incompatible-wheel', { name: d.name, version: d.version, tags: tags.join(', '), implementation: py.implementation, pythonVersion: py.version, abi: py.abiTag, platform: String(py.platformTags[0]) }) }),
          detail: tags.join(' '),
          tags,
        });
      }
    }
  }
  return { environment: description.id, issues, filesChecked, filesHashed };
}
