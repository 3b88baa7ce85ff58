/**
 * macOS: a binary built for a newer macOS than the machine runs (its LC_BUILD_VERSION minos, and
 * the wheel's `macosx_14_0` tag, say so). pip refuses such wheels at install time (packaging's
 * mac_platforms), so they arrive copied or forced; the older macOS lacks functions they bind to.
 */
import { envPlatform } from '../environment-facts';
import type { LoadFinding } from '../facts';
import { forceReinstall } from '../remedies';
import { managerName, wheelTagsOf } from '../package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';

/** The macOS versions a wheel tag names ("cp312-cp312-macosx_14_0_arm64" → "14.0"). */
export function macosTagVersions(tags: readonly string[]): string[] {
  return [...new Set(tags.flatMap((t) => [...t.matchAll(/macosx_(\d+)_(\d+)_/g)].map((m) => `${m[1]}.${m[2]}`)))];
}

export const newerMacosRule: HostRule = {
  id: 'macos-newer-macos',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'newer-macos' || envPlatform(ctx.input.env) !== 'macos') return false;
    const owner = ctx.owners.packageOf(finding.file) ?? exam.package;
    const tags = owner ? wheelTagsOf(owner) : [];
    const tagged = macosTagVersions(tags);
    const evidence: Evidence[] = [
      ctx.chain(finding.chain, null),
      { kind: 'health-check', summary: `${fileName(finding.file)} states macOS ${finding.minimum} as its minimum (LC_BUILD_VERSION); this Mac runs macOS ${finding.host}.`, check: 'macho-minimum-macos', status: 'problem', details: [finding.file] },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    if (owner) {
      const manager = ctx.manager(owner);
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, `${manager === 'conda' ? 'conda' : 'pip'} only chooses builds for macOS ${finding.host} or older; if ${owner.name} ${owner.version ?? ''} has none, it says so and nothing changes (an older ${owner.name} may have one).`));
    }
    addSimulationCause(ctx, {
      key: `os-too-old:${finding.file.toLowerCase()}`,
      kind: 'os-too-old',
      title: `${fileName(finding.file)} needs macOS ${finding.minimum}; this Mac runs ${finding.host}`,
      explanation: `${fileName(finding.file)}${owner ? ` (${ctx.label(owner)})` : ''} was built for macOS ${finding.minimum} or later${tagged.length > 0 ? ` (its wheel's tag says macOS ${tagged.join(', ')} too)` : ''}. On macOS ${finding.host} it may call functions this system does not have, and dyld stops with "Symbol not found". A build for this macOS, or a newer macOS, fixes it.`,
      module: exam.module,
      pkg: owner,
      evidence,
      remedies,
      base: 0.55,
    });
    return true;
  },
};
