/**
 * What the ranker is given: the environment's facts, the examined modules, the health findings,
 * the knowledge base, the versions the index offers and the machine's facts.
 */
import type { HealthReport } from '../envs';
import type { EnvironmentFacts, ImportOutcome, LoadSimulation, PackageFacts } from './facts/facts';
import type { KnownIssue } from './knowledge-base';
import type { ParsedError } from './types';
import type { HostFacts } from '../host-facts/types';

/** One extension module examined: what it is, who owns it, how its import and simulation went. */
export interface ModuleExamination {
  readonly module: string;
  readonly path: string | null;
  readonly package: PackageFacts | null;
  readonly importOutcome: ImportOutcome;
  readonly simulation: LoadSimulation | null;
}

export interface RankInput {
  readonly env: EnvironmentFacts;
  readonly error: ParsedError | null;
  readonly errorText: string | null;
  readonly modules: readonly ModuleExamination[];
  /** app/envs' health report (its typed issues); null when the checks did not run (cancelled). */
  readonly health: HealthReport | null;
  readonly knowledgeBase: readonly KnownIssue[];
  /** Normalised package name → versions the index offers, newest first. */
  readonly availableVersions: ReadonlyMap<string, readonly string[]>;
  /**
   * The file system as it is now, so evidence names only files that exist, compared by their real
   * paths (symlinks resolved). Without it every recorded file is taken as present.
   */
  readonly files?: FileCheck;
  /** The machine's facts (app/host-facts); null or absent: every host cause is "not checked". */
  readonly host?: HostFacts | null;
  /** x86 ISA levels each file's .note.gnu.property says it needs, by path (Linux ELF). */
  readonly isaNeeds?: ReadonlyMap<string, readonly string[]>;
}

export interface FileCheck {
  exists(path: string): boolean;
  /** The real path (symlinks resolved), or the path itself when it cannot be resolved. */
  canonical(path: string): string;
}

export const NO_FILE_CHECK: FileCheck = { exists: () => true, canonical: (p) => p };
