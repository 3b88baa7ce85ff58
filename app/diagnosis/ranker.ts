/**
 * Turns the gathered facts into ranked causes, each with evidence, confidence and remedies.
 *
 * Causes come only from facts: a loader-simulation finding (the chain down to the missing DLL or
 * symbol) or a health-check finding. The live import, the pasted error and the knowledge base then
 * raise or lower their confidence; none of them creates a cause on its own.
 * What a finding means is one of the cause kinds of types.ts (CauseKind), listed in docs/diagnosis.md.
 * The rules, one file per failure class, are in causes/ (the environment's files) and host/ (the machine).
 */
import { managersOf } from './facts/package-records';
import { fromKnownFix } from './remedies';
import type { Cause, ParsedError, Remedy } from './types';
import { canRunPython, envPlatform } from './facts/environment-facts';
import { hostRuleContext, HOST_RULES } from './host';
import { knownIssueMessage, message, texts } from '../messages';
import type { RankInput } from './rank-input';
import { CauseBuilder } from './causes/cause-builder';
import { chainEvidence, metadataEvidence, pkgLabel, primaryManager } from './causes/cause-parts';
import { CONSISTENT } from './causes/consistent';
import { knownIssuesFor, sameAction, uncheckedWords } from './causes/known-issue-match';
import { HIGH, importClass, level, provedByBinaries } from './causes/scoring';

export type { FileCheck, ModuleExamination, RankInput } from './rank-input';

/**
 * Ranks causes: score from the kind of evidence, raised by a live import that fails the same way,
 * by the pasted error and by a knowledge-base match, lowered when the module imports fine.
 */
export function rankCauses(input: RankInput, parse: (t: string) => ParsedError): Cause[] {
  const builder = new CauseBuilder(input);
  // Causes outside the environment's files (app/diagnosis/host/*) claim the findings they explain.
  const host = hostRuleContext({ input, ids: builder.ids, owners: builder.owners, add: (d) => builder.add(d), parse, chain: (links, missing) => chainEvidence(links, missing, builder.owners), metadata: metadataEvidence, label: pkgLabel, manager: primaryManager, consistent: (kind) => CONSISTENT[kind] });
  for (const exam of input.modules) {
    for (const finding of exam.simulation?.findings ?? []) {
      if (!HOST_RULES.some((r) => r.claimFinding?.(host, exam, finding) === true)) builder.fromFinding(exam, finding);
    }
    if ((exam.simulation?.findings.length ?? 0) === 0 && exam.importOutcome.status === 'failed') {
      const o = exam.importOutcome;
      const parsed = parse(`${o.traceback}\n${o.exceptionType ?? 'ImportError'}: ${o.message}`);
      if (!HOST_RULES.some((r) => r.claimImport?.(host, exam, parsed) === true)) builder.fromImport(exam, parsed);
    }
  }
  for (const rule of HOST_RULES) rule.examine?.(host);
  for (const issue of input.health?.issues ?? []) builder.fromHealth(issue);

  const offlineWindows = envPlatform(input.env) === 'windows' && !canRunPython(input.env);
  const causes: Cause[] = [];
  for (const draft of builder.drafts.values()) {
    let score = draft.base;
    const signals = [...draft.signals];
    const exams = input.modules.filter((m) => (draft.module ? m.module === draft.module : draft.pkg !== null && m.package?.name === draft.pkg.name));
    for (const exam of exams) {
      const outcome = exam.importOutcome;
      if (outcome.status === 'failed') {
        const cls = importClass(outcome, parse);
        score += 0.2;
        signals.push('import-test-fails');
        if (cls !== null && draft.consistent.includes(cls)) {
          score += 0.1;
          signals.push('import-error-matches');
        }
        draft.evidence.unshift({
          kind: 'import-test',
          ...texts({ summary: message('evidence.import-fails', { module: exam.module, python: input.env.python, error: `${outcome.exceptionType ?? 'Error'}: ${outcome.message}` }) }),
          module: exam.module,
          python: input.env.python,
          ok: false,
          exceptionType: outcome.exceptionType,
          message: outcome.message,
        });
        break;
      }
      if (outcome.status === 'ok') {
        score *= 0.4;
        signals.push('import-succeeds');
        draft.evidence.push({ kind: 'import-test', ...texts({ summary: message('evidence.import-works', { module: exam.module, python: input.env.python }) }), module: exam.module, python: input.env.python, ok: true, exceptionType: null, message: null });
        break;
      }
    }
    if (input.error?.recognized && input.errorText !== null) {
      const moduleAgrees = input.error.module === null || draft.module === null || input.error.module === draft.module || draft.module.endsWith(`.${input.error.module}`) || input.error.module.endsWith(`.${draft.module.split('.').at(-1) ?? ''}`);
      const classAgrees = input.error.failureClass !== 'unknown' && draft.consistent.includes(input.error.failureClass);
      if (moduleAgrees && classAgrees) {
        score += 0.1;
        signals.push('reported-error-matches');
        draft.evidence.push({ kind: 'error-text', ...texts({ summary: message('evidence.reported-error-fits', { line: input.error.line ?? '' }) }), text: input.errorText, parsed: input.error });
      }
    }
    const matches = knownIssuesFor(draft, input);
    const known: Remedy[] = [];
    for (const match of matches) {
      score += match.strength === 'exact' ? 0.1 : 0.05;
      signals.push(`known-issue:${match.issue.id}`);
      draft.evidence.push({
        kind: 'known-issue',
        ...texts({ summary: match.strength === 'partial' ? message('evidence.known-issue.partial', { unchecked: uncheckedWords(match.unchecked), summary: knownIssueMessage(match.issue.id, match.issue.summary) }) : message('evidence.known-issue', { summary: knownIssueMessage(match.issue.id, match.issue.summary) }) }),
        issueId: match.issue.id,
        sources: [...match.issue.sources],
      });
      for (const [index, fix] of match.issue.fixes.entries()) {
        const remedy = fromKnownFix(builder.ids, fix, {
          description: knownIssueMessage(match.issue.id, fix.description, index),
          manager: primaryManager(draft.pkg),
          architecture: input.env.description.python.architecture,
          prefix: input.env.description.prefix,
          source: match.issue.sources[0] ?? match.issue.id,
        });
        if (remedy && !draft.remedies.some((r) => sameAction(r, remedy)) && !known.some((r) => sameAction(r, remedy))) known.push(remedy);
        else if (remedy) {
          // The evidence already proposed this step: move it forward, the known issue vouches for it.
          const index = draft.remedies.findIndex((r) => sameAction(r, remedy));
          if (index >= 0) known.push(...draft.remedies.splice(index, 1));
        }
      }
    }
    // Read from the binaries themselves (export table, import table, machine field): proof, not a guess.
    if (provedByBinaries(draft, offlineWindows) && !signals.includes('import-succeeds')) score = Math.max(score, HIGH);
    const finalScore = Math.min(0.99, Math.max(0.01, score));
    causes.push({
      id: draft.key,
      kind: draft.kind,
      title: draft.title,
      explanation: draft.explanation,
      ...(draft.messages ? { messages: draft.messages } : {}),
      confidence: { level: level(finalScore), score: Math.round(finalScore * 100) / 100, signals },
      module: draft.module,
      package: draft.pkg ? { name: draft.pkg.name, version: draft.pkg.version, managers: managersOf(draft.pkg) } : null,
      evidence: draft.evidence,
      remedies: [...known, ...draft.remedies],
    });
  }
  return causes.sort((a, b) => b.confidence.score - a.confidence.score || a.id.localeCompare(b.id));
}
