/**
 * Diagnosis facts for a Windows environment folder examined without running it: the folder's
 * package records, the simulated loader, and health checks that need no interpreter.
 */
import type { DiagnosisDeps, EnvironmentFacts, HealthFinding, HealthReport } from '../facts';
import { normalizeProjectName } from '../knowledge-base';
import { stat } from 'node:fs/promises';
import { checkHealth, describeOffline } from '../../envs';
import type { EnvironmentDescription, HealthCheckKind, HealthReport as EnvHealthReport } from '../../envs';
import { parseRequirement } from '../../envs/requirements';
import { windowsPrefixOfInterpreter } from '../../envs/offline';
import { factsFromDescription } from '../facts-from-envs';
import { simulateWindowsWithBinary } from '../binary-adapter';
import type { WindowsSimulationOptions } from '../binary-adapter';

const CHECK_TITLES: Readonly<Record<HealthCheckKind, string>> = {
  'requirement-missing': 'Package requirements (Requires-Dist, markers evaluated)',
  'requirement-version': 'Required versions (Requires-Dist specifiers)',
  'conda-dependency-version': 'conda dependencies (conda-meta depends)',
  'pip-conda-overlap': 'One manager per package',
  'incompatible-wheel': 'Wheels built for this Python',
  'missing-file': 'Files recorded by the installers are present',
  'altered-file': 'Native files unchanged since installation (RECORD sha256)',
};

/**
 * Health of an environment examined from its files, by app/envs' rules (the same the `env` command
 * applies: markers, specifiers, conda `depends`, wheel tags, RECORD), turned into the diagnosis'
 * findings and check list.
 */
export function offlineHealth(env: EnvironmentFacts, report: EnvHealthReport): HealthReport {
  const findings: HealthFinding[] = [];
  const versionOf = (name: string): string | null => env.packages.find((p) => normalizeProjectName(p.name) === normalizeProjectName(name))?.version ?? null;
  for (const issue of report.issues) {
    if (issue.check === 'requirement-missing') {
      const requirement = parseRequirement(issue.detail)?.name ?? issue.detail;
      findings.push({ kind: 'requirement-missing', package: issue.package, version: versionOf(issue.package), requirement, detail: issue.message });
    } else if (issue.check === 'incompatible-wheel') {
      findings.push({ kind: 'unsupported-wheel-tag', package: issue.package, version: versionOf(issue.package), tags: issue.detail.split(' '), interpreterTag: env.pythonVersion ? `cp${env.pythonVersion.split('.').slice(0, 2).join('')}` : 'unknown', detail: issue.message });
    }
  }
  // Two installers of one package: the pip side's files are what a removal takes.
  for (const p of env.packages.filter((x) => x.managers.includes('pip') && x.managers.includes('conda'))) {
    findings.push({
      kind: 'installed-by-several-managers',
      package: p.name,
      installs: [{ manager: 'conda', version: p.version, files: [] }, { manager: 'pip', version: p.version, files: [...p.files, ...p.extensionModules.map((e) => e.path)] }],
      detail: `${p.name} has a conda record (conda-meta) and a pip installation record (INSTALLER: pip).`,
    });
  }
  const checks = (Object.keys(CHECK_TITLES) as HealthCheckKind[]).map((kind) => {
    const issues = report.issues.filter((i) => i.check === kind);
    return {
      id: kind,
      title: CHECK_TITLES[kind],
      status: issues.length === 0 ? ('ok' as const) : issues.some((i) => i.severity === 'error') ? ('problem' as const) : ('warning' as const),
      detail: issues.length === 0 ? 'No problem.' : `${issues.length}: ${issues.slice(0, 3).map((i) => i.message).join(' ')}${issues.length > 3 ? ' …' : ''}`,
    };
  });
  return { checks, findings };
}

/** Facts for a Windows environment folder, from its files alone. */
export function createOfflineWindowsDeps(options: WindowsSimulationOptions = {}): DiagnosisDeps {
  // The description each environment was read into, so the health checks use the same one.
  const descriptions = new Map<string, EnvironmentDescription>();
  return {
    describeEnvironment: async (python) => {
      // Given as its folder, or as python.exe (in the prefix, or in Scripts\ of a venv).
      const isFolder = (await stat(python).catch(() => null))?.isDirectory() ?? false;
      const folder = isFolder ? python : windowsPrefixOfInterpreter(python, process.platform);
      const description = await describeOffline(folder);
      const facts = { ...factsFromDescription(description, python), python: description.interpreter ?? python };
      descriptions.set(facts.prefix, description);
      return facts;
    },
    importModule: async () => ({ status: 'unavailable', reason: 'The environment is examined from its files; its interpreter does not run here.' }),
    simulateLoad: async (env, ext) => simulateWindowsWithBinary(env, ext, options),
    healthChecks: async (env) => offlineHealth(env, await checkHealth(descriptions.get(env.prefix) ?? (await describeOffline(env.prefix)))),
  };
}
