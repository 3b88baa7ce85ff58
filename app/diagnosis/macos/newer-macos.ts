/**
 * macOS: a binary built for a newer macOS than the machine runs (its LC_BUILD_VERSION minos, and
 * the wheel's `macosx_14_0` tag, say so). pip refuses such wheels at install time (packaging's
 * mac_platforms), so they arrive copied or forced; the older macOS lacks functions they bind to.
 */
import { envPlatform } from '../facts/environment-facts';
import type { LoadFinding } from '../facts/facts';
import { forceReinstall } from '../remedies';
import { managerName, wheelTagsOf } from '../facts/package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';
import { message, texts } from '../../messages';

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
      { kind: 'health-check', ...texts({ summary: message('evidence.macos.minimum', { file: fileName(finding.file), minimum: finding.minimum, host: finding.host }) }), check: 'macho-minimum-macos', status: 'problem', details: [finding.file] },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    if (owner) {
      const manager = ctx.manager(owner);
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, message('remedy.why.macos.newer', { manager: manager === 'conda' ? 'conda' : 'pip', host: finding.host, package: owner.name, version: owner.version ?? '' })));
    }
    addSimulationCause(ctx, {
      key: `os-too-old:${finding.file.toLowerCase()}`,
      kind: 'os-too-old',
      ...texts({
        title: message('cause.macos.newer.title', { file: fileName(finding.file), minimum: finding.minimum, host: finding.host }),
        explanation: message('cause.macos.newer.explanation', { file: fileName(finding.file), owner: owner ? ` (${ctx.label(owner)})` : '', minimum: finding.minimum, tagged: tagged.length > 0 ? message('cause.macos.newer.tagged', { tags: tagged.join(', ') }) : '', host: finding.host }),
      }),
      module: exam.module,
      pkg: owner,
      evidence,
      remedies,
      base: 0.55,
    });
    return true;
  },
};
