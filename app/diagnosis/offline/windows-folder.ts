/**
 * Offline description of a Windows Python environment folder (python.exe, pythonXY.dll,
 * Lib/site-packages, conda-meta, Library/bin) read from any OS, for diagnosing a copy of a user's
 * environment or a test fixture.
 *
 * Interim until app/envs (offline description) is merged. It reads package records only: dist-info
 * METADATA / INSTALLER / WHEEL / RECORD (PEP 376, PEP 427, PEP 566) and conda-meta/*.json (the
 * `name`, `version`, `files` fields conda writes), with caps on counts and sizes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DoctorError } from '../../contract/errors';
import { moduleNameFromFile } from '../error-text';
import type { EnvironmentFacts, ExtensionModule, PackageFacts } from '../facts';
import { normalizeProjectName } from '../knowledge-base';
import type { PackageManager } from '../types';
import { readModule } from '../../binary';

const MAX_DISTS = 20_000;
const MAX_RECORD = 16 * 1024 * 1024;

function readSmall(path: string, max = 1024 * 1024): string | null {
  try {
    if (statSync(path).size > max) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The first CSV field of a RECORD line (paths may be quoted when they hold commas). */
function recordPath(line: string): string {
  if (line.startsWith('"')) {
    const end = line.indexOf('",');
    return end > 0 ? line.slice(1, end).replace(/""/g, '"') : line.slice(1);
  }
  return line.split(',')[0] ?? '';
}

/** A PE file's machine (app/binary's reader), or null when it is not a readable PE. */
export async function peMachine(path: string): Promise<string | null> {
  try {
    const module = await readModule(path);
    return module.format === 'pe' ? module.machine : null;
  } catch {
    return null;
  }
}

interface Draft {
  name: string;
  version: string | null;
  managers: Set<PackageManager>;
  requires: string[];
  wheelTags: string[];
  files: Set<string>;
  extensions: Map<string, ExtensionModule>;
}

function extensionFromRelative(rel: string, absolute: string): ExtensionModule | null {
  const parts = rel.replace(/\\/g, '/').split('/');
  const file = parts.pop();
  if (!file || !/\.pyd$/i.test(file) || parts.some((p) => p === '..' || !/^[A-Za-z_]\w*$/.test(p))) return null;
  return { module: [...parts, moduleNameFromFile(file)].join('.'), path: absolute };
}

/** Describes the environment whose interpreter is `pythonExe` without running it. */
export async function describeWindowsFolder(pythonExe: string): Promise<EnvironmentFacts> {
  const prefix = dirname(pythonExe);
  if (!existsSync(pythonExe)) throw new DoctorError('no-python', `${pythonExe} does not exist.`, 'Give the path of python.exe in the environment folder.');
  const rootFiles = readdirSync(prefix);
  const dll = rootFiles.find((f) => /^python\d\d+\.dll$/i.test(f));
  const m = dll ? /^python(\d)(\d+)\.dll$/i.exec(dll) : null;
  const pythonVersion = m ? `${m[1]}.${m[2]}` : null;
  const architecture = (await peMachine(pythonExe)) ?? (dll ? await peMachine(join(prefix, dll)) : null);
  const isConda = existsSync(join(prefix, 'conda-meta'));
  const drafts = new Map<string, Draft>();
  const draftFor = (name: string): Draft => {
    const key = normalizeProjectName(name);
    let d = drafts.get(key);
    if (!d) {
      d = { name, version: null, managers: new Set(), requires: [], wheelTags: [], files: new Set(), extensions: new Map() };
      drafts.set(key, d);
    }
    return d;
  };

  const site = join(prefix, 'Lib', 'site-packages');
  const siteEntries = existsSync(site) ? readdirSync(site).filter((f) => f.endsWith('.dist-info')).slice(0, MAX_DISTS) : [];
  for (const info of siteEntries) {
    const meta = readSmall(join(site, info, 'METADATA')) ?? '';
    const name = /^Name:\s*(.+)$/m.exec(meta)?.[1]?.trim();
    if (!name) continue;
    const d = draftFor(name);
    d.version = /^Version:\s*(.+)$/m.exec(meta)?.[1]?.trim() ?? d.version;
    for (const r of meta.matchAll(/^Requires-Dist:\s*(.+)$/gm)) {
      const spec = r[1] ?? '';
      if (/extra\s*==/.test(spec)) continue;
      const req = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0];
      if (req) d.requires.push(req);
    }
    const installer = (readSmall(join(site, info, 'INSTALLER')) ?? '').trim().toLowerCase();
    d.managers.add(installer === 'conda' ? 'conda' : installer === '' ? 'unknown' : 'pip');
    const wheel = readSmall(join(site, info, 'WHEEL')) ?? '';
    d.wheelTags.push(...[...wheel.matchAll(/^Tag:\s*(.+)$/gm)].map((t) => (t[1] ?? '').trim()));
    const record = readSmall(join(site, info, 'RECORD'), MAX_RECORD) ?? '';
    for (const line of record.split(/\r?\n/)) {
      const rel = recordPath(line);
      if (!rel) continue;
      const abs = join(site, ...rel.split('/'));
      const ext = extensionFromRelative(rel, abs);
      if (ext) d.extensions.set(ext.module, ext);
      else if (/\.dll$/i.test(rel)) d.files.add(abs);
    }
  }

  const condaMeta = join(prefix, 'conda-meta');
  if (isConda) {
    for (const f of readdirSync(condaMeta).filter((x) => x.endsWith('.json')).slice(0, MAX_DISTS)) {
      let rec: { name?: unknown; version?: unknown; files?: unknown };
      try {
        rec = JSON.parse(readSmall(join(condaMeta, f), MAX_RECORD) ?? '{}') as typeof rec;
      } catch {
        continue;
      }
      if (typeof rec.name !== 'string') continue;
      const d = draftFor(rec.name);
      d.managers.add('conda');
      d.managers.delete('unknown');
      if (typeof rec.version === 'string' && d.version === null) d.version = rec.version;
      for (const rel of Array.isArray(rec.files) ? rec.files : []) {
        if (typeof rel !== 'string') continue;
        const abs = join(prefix, ...rel.split(/[\\/]/));
        const sitePrefix = /^Lib[\\/]site-packages[\\/]/i;
        const ext = sitePrefix.test(rel) ? extensionFromRelative(rel.replace(sitePrefix, ''), abs) : null;
        if (ext) d.extensions.set(ext.module, ext);
        else if (/\.dll$/i.test(rel)) d.files.add(abs);
      }
    }
  }

  const packages: PackageFacts[] = [...drafts.values()].map((d) => ({
    name: d.name,
    version: d.version,
    managers: [...d.managers].length > 0 ? [...d.managers] : ['unknown'],
    requires: [...new Set(d.requires)],
    wheelTags: [...new Set(d.wheelTags)],
    files: [...d.files],
    extensionModules: [...d.extensions.values()],
  }));
  return {
    python: pythonExe,
    prefix,
    pythonVersion,
    implementation: 'CPython',
    platform: 'windows',
    architecture,
    kind: isConda ? 'conda' : existsSync(join(prefix, 'pyvenv.cfg')) || existsSync(join(dirname(prefix), 'pyvenv.cfg')) ? 'venv' : 'system',
    // Described from its files: the import test needs the live deps on Windows itself.
    canRunPython: false,
    packages,
  };
}
