/**
 * Parsers for the text that Windows tools print about Python installations.
 *
 * - `reg.exe query <key> /s`: key lines start with the hive name; value lines are four spaces, name,
 *   four spaces, REG_ type, four spaces, data (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg-query).
 *   The keys are PEP 514's (https://peps.python.org/pep-0514/): Software\Python\<Company>\<Tag> with
 *   InstallPath (default value = folder, ExecutablePath) and SysVersion / SysArchitecture / Version.
 * - `py -0p` / `py --list-paths`: old launcher lines ` -3.9-64        C:\...\python.exe *`, new launcher
 *   (3.11+) lines ` -V:3.11 *        C:\...\python.exe`, and ` (venv)  path *` for an active venv
 *   (python/cpython PC/launcher.c and PC/launcher2.c). Recorded outputs: tests/fixtures/windows/.
 * - `where python`: one path per line, or an INFO line when nothing is found.
 * - `conda env list --json`: {"envs": [...]} (conda/conda `conda/cli/main_info.py`).
 */

export interface RegistryInstall {
  /** "HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.11" */
  readonly key: string;
  readonly company: string;
  readonly tag: string;
  readonly installPath: string | null;
  readonly executablePath: string | null;
  readonly sysVersion: string | null;
  readonly version: string | null;
  readonly sysArchitecture: string | null;
  readonly displayName: string | null;
}

interface RegValue {
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

/** Expands %VAR% references (REG_EXPAND_SZ); unknown variables stay as written. */
export function expandWindowsVars(value: string, env: NodeJS.ProcessEnv): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return value.replace(/%([^%]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

/** Parses `reg query ... /s` output into keys and their values. */
export function parseRegQueryKeys(text: string): Map<string, RegValue[]> {
  const keys = new Map<string, RegValue[]>();
  let current: RegValue[] | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) continue;
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = [];
      keys.set(line, current);
      continue;
    }
    const m = /^\s+(.*?)\s{4}(REG_[A-Z_0-9]+)(?:\s{4}(.*))?$/.exec(line);
    if (m && current) current.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return keys;
}

/** PEP 514 installations from `reg query HK??\Software\Python /s` output. */
export function parseRegQueryPep514(text: string, env: NodeJS.ProcessEnv = {}): RegistryInstall[] {
  const keys = parseRegQueryKeys(text);
  const byTag = new Map<string, { key: string; company: string; tag: string; values: Map<string, string> }>();
  for (const [key, values] of keys) {
    const m = /^(HKEY_[A-Z_]+\\Software(?:\\Wow6432Node)?\\Python\\([^\\]+)\\([^\\]+))(\\InstallPath)?$/i.exec(key);
    if (!m) continue;
    const company = m[2]!;
    if (company.toLowerCase() === 'pylauncher') continue;
    const tagKey = m[1]!.toLowerCase();
    const entry = byTag.get(tagKey) ?? { key: m[1]!, company, tag: m[3]!, values: new Map<string, string>() };
    byTag.set(tagKey, entry);
    for (const v of values) {
      const data = v.type === 'REG_EXPAND_SZ' ? expandWindowsVars(v.data, env) : v.data;
      const name = m[4] ? (v.name === '(Default)' ? 'InstallPath' : v.name) : v.name;
      if (m[4] || v.name !== '(Default)') entry.values.set(name, data);
    }
  }
  const out: RegistryInstall[] = [];
  for (const e of byTag.values()) {
    const get = (n: string): string | null => e.values.get(n) || null;
    if (!get('InstallPath') && !get('ExecutablePath')) continue;
    out.push({
      key: e.key,
      company: e.company,
      tag: e.tag,
      installPath: get('InstallPath'),
      executablePath: get('ExecutablePath'),
      sysVersion: get('SysVersion'),
      version: get('Version'),
      sysArchitecture: get('SysArchitecture'),
      displayName: get('DisplayName'),
    });
  }
  return out;
}

export interface LauncherEntry {
  /** "3.11", "3.9-64", "venv", "ContinuumAnalytics/Anaconda39-64" ... */
  readonly tag: string;
  readonly path: string;
  readonly isDefault: boolean;
}

/** Parses `py -0p` output (both launcher generations). */
export function parsePyLauncherList(text: string): LauncherEntry[] {
  const out: LauncherEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^(-V:\S+|-\d+(?:\.\d+)*(?:-\d+)?|\(venv\))\s*(\*)?\s+(.+?)(\s+\*)?$/.exec(line);
    if (!m) continue;
    const tag = m[1]!.replace(/^-V:/, '').replace(/^-/, '').replace(/^\(venv\)$/, 'venv');
    out.push({ tag, path: m[3]!.trim(), isDefault: Boolean(m[2] || m[4]) });
  }
  return out;
}

/** Parses `where python` output: absolute paths only (INFO/error lines are dropped). */
export function parseWhereOutput(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z]:\\|^\\\\/.test(l));
}

/** Prefixes from `conda env list --json` (old and ≥ 25.11 shapes). */
export function parseCondaEnvList(text: string): string[] {
  try {
    const raw = JSON.parse(text) as { envs?: unknown };
    return Array.isArray(raw.envs) ? raw.envs.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

/** Lines of ~/.conda/environments.txt (one prefix per line). */
export function parseEnvironmentsTxt(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
