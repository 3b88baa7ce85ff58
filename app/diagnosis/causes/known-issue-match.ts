/** The knowledge base's entries that agree with a cause, and which of their fixes repeat one already proposed. */
import type { PackageFacts } from '../facts/facts';
import { findKnownIssues } from '../knowledge-base';
import type { KnownIssueMatch } from '../knowledge-base';
import { condaBuildOf, managersOf } from '../facts/package-records';
import { normalizeName } from '../../base/package-spec';
import type { Draft } from '../cause-draft';
import type { EnvironmentSummary, Remedy } from '../types';
import { envKind, envPlatform } from '../facts/environment-facts';
import type { RankInput } from '../rank-input';
import { CONSISTENT } from './consistent';
import { message, type MessageParam, type MessageRef } from '../../messages';

/**
 * Known issues about the cause's package or a package whose file is in its dependency chain (a
 * broken libtiff build under Pillow's _imaging), that agree with the cause. Each package is asked
 * with everything known about it: version, Python, platform, installer, conda build, environment.
 */
export function knownIssuesFor(draft: Draft, input: RankInput): KnownIssueMatch[] {
  const byName = (name: string): PackageFacts | undefined => input.env.packages.find((p) => normalizeName(p.name) === normalizeName(name));
  const candidates: PackageFacts[] = draft.pkg ? [draft.pkg] : [];
  // A NumPy ABI failure is a fact about the installed NumPy (>= 2), not the failing package: ask for it too.
  const numpy = draft.kind === 'numpy-abi' ? byName('numpy') : undefined;
  if (numpy && !candidates.includes(numpy)) candidates.push(numpy);
  for (const e of draft.evidence) {
    if (e.kind !== 'dependency-chain') continue;
    for (const link of e.links) {
      const pkg = link.owner?.package ? byName(link.owner.package) : undefined;
      if (pkg && !candidates.some((c) => normalizeName(c.name) === normalizeName(pkg.name))) candidates.push(pkg);
    }
  }
  const out: KnownIssueMatch[] = [];
  for (const pkg of candidates) {
    const found = findKnownIssues(
      {
        package: pkg.name,
        version: pkg.version,
        pythonVersion: input.env.description.python.version,
        platform: envPlatform(input.env),
        managers: managersOf(pkg),
        build: condaBuildOf(pkg),
        condaEnvironment: condaEnvironment(envKind(input.env)),
      },
      input.knowledgeBase,
    );
    for (const m of found) {
      if (m.issue.cause !== draft.kind && !CONSISTENT[draft.kind].includes(m.issue.symptom.failureClass)) continue;
      if (!out.some((o) => o.issue.id === m.issue.id)) out.push(m);
    }
  }
  return out;
}

/**
 * Whether the environment is a conda environment, for knowledge-base entries that say so. A venv
 * may have been made from a conda Python (its base is not recorded in the facts): not known.
 */
export function condaEnvironment(kind: EnvironmentSummary['kind']): boolean | null {
  if (kind === 'conda') return true;
  return kind === 'system' ? false : null;
}

export function sameAction(a: Remedy, b: Remedy): boolean {
  // One runtime installer covers every missing runtime DLL.
  if (a.kind === 'install-vc-runtime' && b.kind === 'install-vc-runtime') return a.architecture === b.architecture;
  const strip = (r: Remedy): string => JSON.stringify({ ...r, id: '', title: '', explanation: '', messages: undefined });
  return strip(a) === strip(b);
}

/** The message of each condition the knowledge base's matcher could not check (its words in knowledge-base.ts). */
const UNCHECKED_WORDS: Readonly<Record<string, MessageRef>> = {
  'python version': message('word.unchecked.python-version'),
  'python patch version': message('word.unchecked.python-patch-version'),
  installer: message('word.unchecked.installer'),
  'conda build': message('word.unchecked.conda-build'),
  'conda environment': message('word.unchecked.conda-environment'),
  platform: message('word.unchecked.platform'),
};

/** The conditions a partial match could not check, as a list in the reader's language. */
export function uncheckedWords(unchecked: readonly string[]): MessageParam {
  return unchecked.map((u) => UNCHECKED_WORDS[u] ?? u).reduceRight<MessageParam>((rest, word) => (rest === '' ? word : message('word.comma-list', { first: word, rest })), '');
}
