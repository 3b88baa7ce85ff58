/**
 * Human-readable text for environment descriptions, shared by the `envs` and `env` commands.
 */
import type { EnvironmentDescription, HealthReport } from '../../envs';

/** One line: status, version, architecture, kind, prefix. */
export function environmentLine(d: EnvironmentDescription): string {
  const version = d.python ? `Python ${d.python.version} ${d.python.architecture}` : 'Python ?';
  const state = d.status === 'ok' ? 'ok' : d.status;
  return `${state.padEnd(12)} ${version.padEnd(22)} ${d.kind.padEnd(9)} ${d.prefix}`;
}

/** Full description for `env PATH`. */
export function environmentDetails(d: EnvironmentDescription, health: HealthReport | null): string {
  const lines: string[] = [];
  lines.push(`Environment: ${d.prefix}`);
  lines.push(`Status:      ${d.status}${d.message ? ` - ${d.message}` : ''}`);
  if (d.interpreter) lines.push(`Interpreter: ${d.interpreter}`);
  lines.push(`Kind:        ${d.kind}`);
  if (d.python) {
    const py = d.python;
    lines.push(`Python:      ${py.implementation} ${py.version}, ${py.architecture} (${py.bits}-bit), ABI ${py.abiTag}, platform ${py.platformTags[0] ?? py.sysconfigPlatform}`);
    lines.push(`Extensions:  ${py.extensionSuffixes.join(' ')}`);
  }
  if (d.basePrefix && d.basePrefix !== d.prefix) lines.push(`Base:        ${d.basePrefix}`);
  for (const s of d.sitePackages) lines.push(`Site:        ${s}`);
  for (const s of d.dllDirectories) lines.push(`DLL folder:  ${s}`);
  for (const e of d.evidence) lines.push(`Evidence:    ${e}`);
  for (const s of d.sources) lines.push(`Found by:    ${s.kind} (${s.detail})`);
  lines.push(`Packages:    ${d.distributions.length} installed${d.condaRecords.length ? `, ${d.condaRecords.length} conda records` : ''}`);
  for (const dist of d.distributions) {
    const native = dist.extensionModules.length + dist.bundledLibraries.length;
    lines.push(`  ${dist.name} ${dist.version}${dist.installer ? ` [${dist.installer}]` : ''}${native ? ` (${dist.extensionModules.length} extension modules, ${dist.bundledLibraries.length} bundled libraries)` : ''}`);
  }
  if (d.importTest) {
    const t = d.importTest;
    if (t.outcome === 'ok') lines.push(`Import ${t.module}: ok (${t.file ?? 'built-in'})`);
    else if (t.outcome === 'failed' && t.error) {
      lines.push(`Import ${t.module}: ${t.error.type}: ${t.error.message}${t.error.winerror !== null ? ` [WinError ${t.error.winerror}]` : ''}`);
      lines.push(t.error.traceback.trimEnd());
    } else lines.push(`Import ${t.module}: ${t.outcome}${t.crash ? ` (${t.crash})` : ''}`);
    if (t.loadedModules) lines.push(`Loaded native modules: ${t.loadedModules.length}`);
    for (const copy of t.pythonPathCopies ?? []) lines.push(`  PYTHONPATH holds another ${t.module.split('.')[0]} at ${copy}: python started from this shell imports that copy instead (this test ran isolated, without PYTHONPATH).`);
  }
  for (const v of d.variables ?? []) lines.push(`Variable:    ${v.name}=${v.value} (${v.effect}; not applied to this check, which ran Python isolated)`);
  if (health) {
    if (health.issues.length === 0) lines.push(`Health:      no problems (${health.filesChecked} files checked, ${health.filesHashed} hashed)`);
    else {
      lines.push(`Health:      ${health.issues.length} problem(s) (${health.filesChecked} files checked, ${health.filesHashed} hashed)`);
      for (const i of health.issues) lines.push(`  [${i.severity}] ${i.check}: ${i.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
