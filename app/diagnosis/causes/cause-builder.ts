/**
 * Collects the drafts of a diagnosis: one per cause key, merged when two findings point at the same
 * cause. It hands each loader finding, failed import and health finding to the rule of its failure
 * class (one file each in this folder).
 */
import type { HealthIssue } from '../../envs';
import type { LoadFinding } from '../facts/facts';
import { normalizeName } from '../../base/package-spec';
import { baseName, buildOwnerIndex } from '../facts/ownership';
import type { OwnerIndex } from '../facts/ownership';
import { RemedyIds } from '../remedies';
import type { DependencyLink, Evidence, ParsedError } from '../types';
import type { Draft } from '../cause-draft';
import type { ModuleExamination, RankInput } from '../rank-input';
import { brokenRequirements } from './broken-requirements';
import { missingLibrary } from './missing-library';
import { missingSymbols } from './missing-symbols';
import { mixedManagers } from './mixed-managers';
import { outdatedRuntime } from './outdated-vc-runtime';
import type { RankContext } from './rank-context';
import { searchPolicy } from './search-policy';
import { shadowedLibrary } from './shadowed-library';
import { wheelTagMismatch } from './wheel-tag';
import { wrongArchitecture } from './wrong-architecture';

/** The drafts of one diagnosis, keyed by cause. */

export class CauseBuilder implements RankContext {
  readonly drafts = new Map<string, Draft>();
  readonly ids = new RemedyIds();
  readonly owners: OwnerIndex;

  constructor(readonly input: RankInput) {
    this.owners = buildOwnerIndex(input.env);
  }

  add(draft: Draft): void {
    const existing = this.drafts.get(draft.key);
    if (!existing) {
      this.drafts.set(draft.key, draft);
      return;
    }
    for (const e of draft.evidence) if (!existing.evidence.some((x) => JSON.stringify(x) === JSON.stringify(e))) existing.evidence.push(e);
    existing.base = Math.max(existing.base, draft.base) + 0.05;
    existing.signals.push(...draft.signals.filter((s) => !existing.signals.includes(s)));
  }

  /**
   * A failed live import whose text names the problem (Linux always does: the library, the symbol
   * or the version), used when no simulation finding explains the module.
   */
  fromImport(exam: ModuleExamination, parsed: ParsedError): void {
    const file = exam.path ?? exam.module;
    const signal = 'import-error';
    switch (parsed.failureClass) {
      case 'shared-object-not-found':
        if (parsed.library) missingLibrary(this, exam, baseName(parsed.library), [{ file, needs: baseName(parsed.library), resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      case 'module-not-found':
        if (parsed.library) missingLibrary(this, exam, baseName(parsed.library), [{ file, needs: baseName(parsed.library), resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      case 'undefined-symbol':
      case 'procedure-not-found':
        missingSymbols(this, exam, { importer: file, provider: null, symbols: parsed.symbol ? [parsed.symbol] : [], ordinals: [], versions: [] }, [], signal);
        return;
      case 'symbol-version-not-found': {
        const provider = parsed.library;
        const links: DependencyLink[] = provider ? [{ file, needs: baseName(provider), resolvedPath: provider, foundBy: null, owner: null }] : [];
        missingSymbols(this, exam, { importer: file, provider, symbols: [], ordinals: [], versions: parsed.symbolVersion ? [parsed.symbolVersion] : [] }, links, signal);
        return;
      }
      case 'python-dll-conflict':
        if (parsed.pythonDll) missingLibrary(this, exam, parsed.pythonDll, [{ file, needs: parsed.pythonDll, resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      default:
        return;
    }
  }

  fromFinding(exam: ModuleExamination, finding: LoadFinding): void {
    switch (finding.kind) {
      case 'missing-library':
        if (finding.onPathOnly) searchPolicy(this, exam, finding.library, finding.chain, finding.searched, finding.onPathOnly);
        else missingLibrary(this, exam, finding.library, finding.chain, finding.searched, 'static-simulation');
        return;
      case 'missing-symbols':
        missingSymbols(this, exam, finding, finding.chain, 'static-simulation');
        return;
      case 'wrong-architecture':
        wrongArchitecture(this, exam, finding);
        return;
      case 'outdated-vc-runtime':
        outdatedRuntime(this, exam, finding);
        return;
      case 'shadowed':
        shadowedLibrary(this, exam, finding);
        return;
    }
  }

  /** A cause from one of app/envs' health issues; the kinds no cause rests on stay in the check list only. */
  fromHealth(issue: HealthIssue): void {
    if (issue.check !== 'pip-conda-overlap' && issue.check !== 'incompatible-wheel' && issue.check !== 'requirement-missing') return;
    const pkg = this.input.env.packages.find((p) => normalizeName(p.name) === normalizeName(issue.package)) ?? null;
    const health: Evidence = {
      kind: 'health-check',
      summary: issue.message,
      ...(issue.messages ? { messages: { summary: issue.messages.message } } : {}),
      check: issue.check,
      status: 'problem',
      details: [issue.message],
    };
    switch (issue.check) {
      case 'pip-conda-overlap':
        mixedManagers(this, issue, pkg, health);
        return;
      case 'incompatible-wheel':
        wheelTagMismatch(this, issue, pkg, health);
        return;
      case 'requirement-missing':
        brokenRequirements(this, issue, pkg, health);
        return;
    }
  }
}
