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
import { evaluateMarker, parseCondaDepends, parseRequirement, satisfiesAll } from './requirements';
import { expandTag, tagFits } from './tags';
import type { EnvironmentDescription } from './types';

/** What every health issue says, whatever its kind. */
interface HealthIssueBase {
  readonly severity: 'error' | 'warning';
  /** The package the issue belongs to (distribution or conda record name). */
  readonly package: string;
  readonly message: string;
  /** File path (missing/altered), requirement text, or wheel tags, as the message shows them. */
  readonly detail: string;
}

/**
 * One problem a health check found, tagged by its check and carrying that check's facts as
 * fields, so no reader has to parse `message` or `detail`. A new check is one more member here
 * (and a title wherever checks are listed: HealthCheckKind makes a missing one a compile error).
 */
export type HealthIssue = HealthIssueBase &
  (
    | { readonly check: 'pip-conda-overlap'; readonly installer: string; readonly version: string; readonly conda: { readonly version: string; readonly build: string } }
    | { readonly check: 'missing-file' | 'altered-file'; readonly file: string }
    /** `requirement` is the name of the project required; `line` the Requires-Dist line. */
    | { readonly check: 'requirement-missing'; readonly requirement: string; readonly line: string }
    | { readonly check: 'requirement-version'; readonly requirement: string; readonly line: string; readonly installedVersion: string }
    | { readonly check: 'conda-dependency-version'; readonly requirement: string; readonly installedVersion: string }
    | { readonly check: 'incompatible-wheel'; readonly tags: readonly string[] }
  );

export type HealthCheckKind = HealthIssue['check'];

export interface HealthReport {
  readonly environment: string;
  readonly issues: HealthIssue[];
  readonly filesChecked: number;
  readonly filesHashed: number;
}

export interface HealthOptions {
  readonly host?: EnvHost;
  /** 'native' (default): hash extension modules and shared libraries; 'all'; 'none' (existence only). */
  readonly verifyHashes?: 'native' | 'all' | 'none';
}

const nativeFile = /\.(pyd|dll|dylib)$|\.so(\.[0-9][0-9.]*)?$/i;

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

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
        message: `${d.name} ${d.version} was installed by ${d.installer} over conda's ${rec.name} ${rec.version} (${rec.build}): the files on disk belong to ${d.installer}, while conda still believes its build is there. Remove one of them (prefer conda's package in a conda environment).`,
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
  for (const d of description.distributions) {
    if (d.format !== 'dist-info' || d.recordEntries === 0 || d.installer === null || d.installer === 'conda') continue;
    const text = await host.readText(p.join(d.metadataPath, 'RECORD'));
    if (!text) continue;
    for (const row of parseRecord(text)) {
      if (!row.hash.startsWith('sha256=')) continue;
      const file = p.resolve(d.location, row.path);
      filesChecked++;
      if ((await host.kind(file)) === null) {
        issues.push({ check: 'missing-file', severity: nativeFile.test(row.path) ? 'error' : 'warning', package: d.name, message: `${d.name} ${d.version}: ${row.path} is listed in RECORD but missing.`, detail: file, file });
        continue;
      }
      if (!shouldHash(row.path, suffixes)) continue;
      filesHashed++;
      const digest = await host.sha256(file);
      if (digest && toBase64Url(digest) !== row.hash.slice('sha256='.length)) {
        issues.push({ check: 'altered-file', severity: 'error', package: d.name, message: `${d.name} ${d.version}: ${row.path} differs from the file the package installed (sha256 mismatch); something overwrote it.`, detail: file, file });
      }
    }
  }

  // conda-meta files.
  for (const r of description.condaRecords) {
    const pathsData = await readCondaPathsData(host, r.metaFile);
    const entries = pathsData.length > 0 ? pathsData : r.files.map((f) => ({ path: f, sha256: null, size: null }));
    for (const e of entries) {
      const file = p.join(description.prefix, ...e.path.split('/'));
      filesChecked++;
      if ((await host.kind(file)) === null) {
        issues.push({ check: 'missing-file', severity: nativeFile.test(e.path) ? 'error' : 'warning', package: r.name, message: `${r.name} ${r.version} (conda): ${e.path} is listed in conda-meta but missing.`, detail: file, file });
        continue;
      }
      if (!e.sha256 || !shouldHash(e.path, suffixes)) continue;
      filesHashed++;
      const digest = await host.sha256(file);
      if (digest && toHex(digest) !== e.sha256.toLowerCase()) {
        issues.push({ check: 'altered-file', severity: 'error', package: r.name, message: `${r.name} ${r.version} (conda): ${e.path} differs from the file conda installed (sha256 mismatch).`, detail: file, file });
      }
    }
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
          issues.push({ check: 'requirement-missing', severity: 'error', package: d.name, message: `${d.name} ${d.version} requires ${req.name}, which is not installed.`, detail: line, requirement: req.name, line });
          continue;
        }
        const unmet = req.specifiers.find((s) => !satisfies(dep.version, `${s.op}${s.version}`));
        if (unmet) {
          issues.push({ check: 'requirement-version', severity: 'error', package: d.name, message: `${d.name} ${d.version} requires ${line.split(';')[0]!.trim()}, but ${dep.name} ${dep.version} is installed.`, detail: line, requirement: req.name, line, installedVersion: dep.version });
        }
      }
    }
  }

  // conda-meta `depends`: what conda itself enforces between the records of the prefix.
  const condaInstalled = new Map(description.condaRecords.map((r) => [normalizeName(r.name), r]));
  for (const r of description.condaRecords) {
    for (const text of r.depends) {
      const dep = parseCondaDepends(text);
      const have = dep ? condaInstalled.get(normalizeName(dep.name)) : undefined;
      if (!dep || !have || dep.specifier === '' || satisfiesAll(have.version, dep.specifier)) continue;
      issues.push({ check: 'conda-dependency-version', severity: 'error', package: r.name, message: `${r.name} ${r.version} requires ${text} (conda-meta), but ${have.name} ${have.version} is installed.`, detail: text, requirement: dep.name, installedVersion: have.version });
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
        (t) => tagFits(t, env) || (py.glibcVersion === null && py.platform === 'linux' && tagFits(t.replace(/-(manylinux|musllinux)[0-9_]*_(\w+)$/, (_m, _k, a: string) => `-linux_${a}`), env) && t.endsWith(arch)),
      );
      if (!fits) {
        issues.push({
          check: 'incompatible-wheel',
          severity: 'error',
          package: d.name,
          message: `${d.name} ${d.version} was built for ${tags.join(', ')}, which does not fit this ${py.implementation} ${py.version} ${py.abiTag} ${py.platformTags[0]} interpreter. Reinstall it for this Python (pip install --force-reinstall ${d.name}).`,
          detail: tags.join(' '),
          tags,
        });
      }
    }
  }
  return { environment: description.id, issues, filesChecked, filesHashed };
}
