/**
 * The shape of a rule about a cause outside the environment's files (the OS, the CPU, the GPU
 * stack, the runtime the loader takes, NumPy's ABI) and the context the ranker gives it.
 *
 * A rule may claim a loader finding or a failed import it explains better than the generic rules
 * (a missing mfplat.dll is the edition, not a lost file), or look at the whole examination. It adds
 * drafts through the ranker's builder, so the live import, the pasted error and the knowledge base
 * rank its causes like any other.
 */
import type { HostFacts, HostFactName } from '../../host-facts/types';
import type { Draft } from '../cause-draft';
import type { ImportOutcome, LoadFinding, PackageFacts } from '../facts/facts';
import type { OwnerIndex } from '../facts/ownership';
import type { ModuleExamination, RankInput } from '../ranker';
import type { RemedyIds } from '../remedies';
import type { CauseKind, DependencyLink, Evidence, FailureClass, PackageManager, ParsedError } from '../types';
import { message, saidParam, texts } from '../../messages';
import type { MessageParam, MessageRef } from '../../messages';

export interface HostRuleContext {
  readonly input: RankInput;
  readonly host: HostFacts | null;
  readonly ids: RemedyIds;
  readonly owners: OwnerIndex;
  add(draft: Draft): void;
  parse(text: string): ParsedError;
  /** The dependency-chain evidence of the ranker (owners filled in). */
  chain(links: readonly DependencyLink[], missing: string | null): Evidence;
  metadata(pkg: PackageFacts): Evidence;
  label(pkg: PackageFacts | null): string;
  manager(pkg: PackageFacts | null): PackageManager;
  /** The failure classes a live import or pasted error shows when a cause of this kind is real. */
  consistent(kind: CauseKind): readonly FailureClass[];
}

export interface HostRule {
  readonly id: string;
  /** True when the rule explains this loader finding (the generic rule then does not). */
  claimFinding?(ctx: HostRuleContext, exam: ModuleExamination, finding: LoadFinding): boolean;
  /** True when the rule explains this failed import (no loader finding explains it). */
  claimImport?(ctx: HostRuleContext, exam: ModuleExamination, parsed: ParsedError): boolean;
  /** Causes from the examination as a whole (a pasted error, a module's CPU needs). */
  examine?(ctx: HostRuleContext): void;
}

/** The file name of a path, either separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** The failed live import's text of an examination, or null. */
export function failedImportText(exam: ModuleExamination): string | null {
  const o: ImportOutcome = exam.importOutcome;
  return o.status === 'failed' ? `${o.traceback}\n${o.exceptionType ?? 'ImportError'}: ${o.message}` : null;
}

/** Evidence from a known host fact; null when the fact is absent (the caller says "not checked"). */
export function hostEvidence(host: HostFacts | null, name: HostFactName, value: string, summary: MessageRef): Evidence | null {
  const fact = host?.[name];
  if (!fact || fact.status !== 'known') return null;
  // The source's message goes along, so "level from ... --help" reads in the page's and the report's language.
  const said = texts({ summary });
  return { kind: 'host-fact', ...said, ...(fact.messages?.source ? { messages: { ...said.messages, source: fact.messages.source } } : {}), fact: name, value, source: fact.source };
}

/** "Not checked: why" for an absent fact, for explanations (the why and how as the gatherer's messages). */
export function notChecked(host: HostFacts | null, name: HostFactName): MessageRef {
  const fact = host?.[name];
  if (fact && fact.status === 'absent') return message('host.not-checked', { why: saidParam(fact, 'why'), how: saidParam(fact, 'howToCheck') });
  return message('host.not-checked.unread');
}

/** The " Not checked: …" sentence that ends an explanation when `checked` is false, else nothing. */
export function uncheckedNote(host: HostFacts | null, name: HostFactName, checked: boolean): MessageParam {
  return checked ? '' : message('host.then', { sentence: notChecked(host, name) });
}
