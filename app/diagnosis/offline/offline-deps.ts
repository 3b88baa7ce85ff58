/**
 * Diagnosis facts for a Windows environment folder examined without running it: the folder's
 * package records, the simulated loader, and health checks that need no interpreter.
 */
import type { DiagnosisDeps, EnvironmentFacts, HealthFinding, HealthReport } from '../facts';
import { normalizeProjectName } from '../knowledge-base';
import { stat } from 'node:fs/promises';
import { describeOffline } from '../../envs';
import { windowsPrefixOfInterpreter } from '../../envs/offline';
import { factsFromDescription } from '../facts-from-envs';
import { simulateWindowsWithBinary } from '../binary-adapter';
import type { WindowsSimulationOptions } from '../binary-adapter';

/** Checks from package records: missing requirements, two installers, wheels for another Python. */
export function offlineHealth(env: EnvironmentFacts): HealthReport {
  const findings: HealthFinding[] = [];
  const installed = new Set(env.packages.map((p) => normalizeProjectName(p.name)));
  for (const p of env.packages) {
    for (const req of p.requires) {
      if (!installed.has(normalizeProjectName(req))) {
        findings.push({ kind: 'requirement-missing', package: p.name, version: p.version, requirement: req, detail: `${p.name} ${p.version ?? ''} requires ${req}, which is not installed.` });
      }
    }
  }
  const missing = findings.length;
  const twice = env.packages.filter((p) => p.managers.includes('pip') && p.managers.includes('conda'));
  for (const p of twice) {
    findings.push({
      kind: 'installed-by-several-managers',
      package: p.name,
      installs: [{ manager: 'conda', version: p.version, files: [] }, { manager: 'pip', version: p.version, files: [...p.files, ...p.extensionModules.map((e) => e.path)] }],
      detail: `${p.name} has a conda record (conda-meta) and a pip installation record (INSTALLER: pip).`,
    });
  }
  const tag = env.pythonVersion ? `cp${env.pythonVersion.split('.').slice(0, 2).join('')}` : null;
  let foreign = 0;
  if (tag) {
    for (const p of env.packages) {
      const pyTags = p.wheelTags.map((t) => t.split('-')[0] ?? '').filter((t) => /^cp\d+$/.test(t));
      const abi3 = p.wheelTags.some((t) => t.split('-')[1] === 'abi3');
      if (pyTags.length > 0 && !abi3 && !pyTags.includes(tag)) {
        foreign++;
        findings.push({ kind: 'unsupported-wheel-tag', package: p.name, version: p.version, tags: [...p.wheelTags], interpreterTag: tag, detail: `${p.name} ${p.version ?? ''} was installed from a ${p.wheelTags.join(', ')} wheel; this interpreter is ${tag}.` });
      }
    }
  }
  return {
    checks: [
      { id: 'requirements', title: 'Package requirements (from metadata)', status: missing > 0 ? 'problem' : 'ok', detail: missing > 0 ? `${missing} requirement(s) not installed.` : 'Every requirement is installed.' },
      { id: 'managers', title: 'One manager per package', status: twice.length > 0 ? 'problem' : 'ok', detail: twice.length > 0 ? `Installed by both pip and conda: ${twice.map((p) => p.name).join(', ')}` : 'Every package has one installer.' },
      { id: 'wheel-tags', title: 'Wheels built for this Python', status: tag === null ? 'skipped' : foreign > 0 ? 'problem' : 'ok', detail: tag === null ? 'The Python version is unknown.' : foreign > 0 ? `${foreign} package(s) built for another Python.` : `Every wheel fits ${tag}.` },
    ],
    findings,
  };
}

/** Facts for a Windows environment folder, from its files alone. */
export function createOfflineWindowsDeps(options: WindowsSimulationOptions = {}): DiagnosisDeps {
  return {
    describeEnvironment: async (python) => {
      // Given as its folder, or as python.exe (in the prefix, or in Scripts\ of a venv).
      const isFolder = (await stat(python).catch(() => null))?.isDirectory() ?? false;
      const folder = isFolder ? python : windowsPrefixOfInterpreter(python, process.platform);
      const description = await describeOffline(folder);
      return { ...factsFromDescription(description, python), python: description.interpreter ?? python };
    },
    importModule: async () => ({ status: 'unavailable', reason: 'The environment is examined from its files; its interpreter does not run here.' }),
    simulateLoad: async (env, ext) => simulateWindowsWithBinary(env, ext, options),
    healthChecks: async (env) => offlineHealth(env),
  };
}
