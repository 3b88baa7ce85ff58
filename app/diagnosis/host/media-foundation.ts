/**
 * Media Foundation missing: the N and KN editions of Windows ship without mf.dll, mfplat.dll and
 * mfreadwrite.dll, so OpenCV's cv2 (and anything else that links them) cannot load until the Media
 * Feature Pack is installed (opencv/opencv-python#185; opencv/opencv#23524 asks for this hint).
 *
 * The cause needs the loader's finding that a Media Foundation DLL is not found, or a failed load
 * of a module that links them, and the machine's facts: an edition, or System32 without the DLLs.
 * When the host facts say Media Foundation is present, the finding is left to the generic rules.
 */
import { knownValue } from '../../host-facts/types';
import type { ModuleExamination } from '../ranker';
import type { LoadFinding } from '../facts/facts';
import type { DependencyLink } from '../types';
import type { Evidence, Remedy } from '../types';
import type { HostRule, HostRuleContext } from './rule';
import { hostEvidence, uncheckedNote } from './rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

export const MEDIA_FOUNDATION_DLLS = new Set(['mf.dll', 'mfplat.dll', 'mfreadwrite.dll']);
export const MEDIA_FEATURE_PACK_SOURCE = 'https://support.microsoft.com/en-us/topic/media-feature-pack-list-for-windows-n-editions-c1c6fffa-d052-8338-7a79-a4bb980a700a';

/** The Settings path to the Media Feature Pack for this build (Windows 11 is build 22000 and later). */
export function mediaFeaturePackSteps(build: number | null): ReturnType<typeof manualSteps> {
  if (build !== null && build >= 22000) {
    return manualSteps(message('step.media-pack.11.open'), message('step.media-pack.11.view'), message('step.media-pack.11.install'), message('step.restart-windows'));
  }
  return manualSteps(
    message('step.media-pack.10.open'),
    message('step.media-pack.10.add'),
    message('step.media-pack.10.install'),
    message('step.media-pack.10.restart', { source: MEDIA_FEATURE_PACK_SOURCE }),
  );
}

function draft(ctx: HostRuleContext, exam: ModuleExamination, lib: string, chain: Evidence[], signal: string): void {
  const edition = knownValue(ctx.host, 'windows');
  const mf = knownValue(ctx.host, 'mediaFoundation');
  const evidence: Evidence[] = [...chain];
  const editionEvidence = edition
    ? hostEvidence(ctx.host, 'windows', `${edition.productName ?? 'Windows'} (EditionID ${edition.editionId ?? '?'}, build ${edition.build ?? '?'})`, message('evidence.windows-edition', { product: edition.productName ?? 'Windows', edition: edition.editionId ?? message('word.unknown-value'), n: edition.nEdition ? message('evidence.windows-edition.n') : '' }))
    : null;
  if (editionEvidence) evidence.push(editionEvidence);
  const missing = mf ? mf.dlls.filter((d) => d.path === null).map((d) => d.name) : [];
  const mfEvidence = mf ? hostEvidence(ctx.host, 'mediaFoundation', missing.length > 0 ? `missing: ${missing.join(', ')}` : 'present', missing.length > 0 ? message('evidence.media-foundation.missing', { dlls: missing.join(', ') }) : message('evidence.media-foundation.present')) : null;
  if (mfEvidence) evidence.push(mfEvidence);
  const proven = missing.length > 0 || edition?.nEdition === true;
  const remedy: Remedy = {
    id: ctx.ids.take(),
    kind: 'manual',
    ...texts({ title: message('remedy.media-feature-pack.title'), explanation: message('remedy.why.media-feature-pack', { dlls: [...MEDIA_FOUNDATION_DLLS].join(', '), module: exam.module, library: lib, source: MEDIA_FEATURE_PACK_SOURCE }) }),
    automatic: false,
    risk: 'low',
    ...mediaFeaturePackSteps(edition?.build ?? null),
  };
  ctx.add({
    key: 'missing-os-component:media-foundation',
    kind: 'missing-os-component',
    ...texts({
      title: message('cause.media-foundation.title', { library: lib, module: exam.module }),
      explanation: message('cause.media-foundation.explanation', { module: exam.module, package: ctx.label(exam.package), library: lib, unchecked: uncheckedNote(ctx.host, 'mediaFoundation', proven) }),
    }),
    module: exam.module,
    pkg: exam.package,
    evidence,
    remedies: [remedy],
    base: proven ? 0.65 : 0.45,
    signals: [signal, ...(proven ? ['host-fact'] : [])],
    consistent: ctx.consistent('missing-os-component'),
  });
}

export const mediaFoundationRule: HostRule = {
  id: 'media-foundation',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'missing-library' || !MEDIA_FOUNDATION_DLLS.has(finding.library.toLowerCase())) return false;
    // Present per the machine: another reason keeps it from being found; the generic rules say which.
    if (knownValue(ctx.host, 'mediaFoundation')?.present === true) return false;
    const search: Evidence = { kind: 'search-path', ...texts({ summary: message('evidence.search-path.system32', { library: finding.library, count: finding.searched.length }) }), library: finding.library, directories: [...finding.searched] };
    draft(ctx, exam, finding.library, [ctx.chain(finding.chain, finding.library), search], 'static-simulation');
    return true;
  },
  examine(ctx) {
    // A pasted error or a failed import with no loader finding: only the machine's facts prove it.
    const mf = knownValue(ctx.host, 'mediaFoundation');
    if (!mf || mf.present) return;
    for (const exam of ctx.input.modules) {
      if (exam.simulation !== null && exam.simulation.findings.length > 0) continue;
      const failed = exam.importOutcome.status === 'failed' ? ctx.parse(`${exam.importOutcome.traceback}\n${exam.importOutcome.exceptionType ?? 'ImportError'}: ${exam.importOutcome.message}`) : null;
      const pasted = ctx.input.error?.recognized ? ctx.input.error : null;
      const cls = failed?.failureClass ?? pasted?.failureClass;
      if (cls !== 'module-not-found' || !/^cv2(\.|$)/.test(exam.module)) continue;
      // cv2 links MF.dll, MFPlat.dll and MFReadWrite.dll (opencv/opencv-python#185): the chain is that link.
      const missing = mf.dlls.filter((d) => d.path === null).map((d) => d.name);
      const lib = missing[0] ?? 'mfplat.dll';
      const links: DependencyLink[] = exam.path ? [{ file: exam.path, needs: lib, resolvedPath: null, foundBy: null, owner: null }] : [];
      draft(ctx, exam, lib, links.length > 0 ? [ctx.chain(links, lib)] : [], failed ? 'import-error' : 'reported-error');
    }
  },
};
