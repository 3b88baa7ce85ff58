/**
 * The knowledge base of known bad versions and their fixes (known-issues.json), and its matcher.
 *
 * Each entry names a package, the versions and Pythons it affects, the platform and manager, the
 * symptom, the fixes that worked and the public reports they come from. The ranker uses a match as
 * one signal that strengthens a cause the evidence already shows and orders its remedies; a match
 * alone never becomes a cause (a signal beside the evidence, never instead of it).
 */
import { z } from 'zod';
import data from './known-issues.json' with { type: 'json' };
import { causeKindSchema, failureClassSchema, packageManagerSchema, remedySchema } from './types';
import type { FailureClass, PackageManager, Platform } from './types';
import { normalizeName, releaseOf, satisfies } from '../base/package-spec';

const fixKinds = remedySchema.options.map((o) => o.shape.kind.value);

export const knownFixSchema = z.object({
  kind: z.enum(fixKinds as [string, ...string[]]),
  package: z.string().optional(),
  version: z.string().optional(),
  from: packageManagerSchema.optional(),
  to: packageManagerSchema.optional(),
  /** For a switch: the package's name in the target manager, when it differs (conda's `pyqt` for pip's `PyQt5`). */
  targetPackage: z.string().optional(),
  description: z.string().min(1),
});
export type KnownFix = z.infer<typeof knownFixSchema>;

export const knownIssueSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  package: z.string().min(1),
  /** PEP 440 specifiers; the entry applies when any of them matches ("*" for every version). */
  versions: z.array(z.string().min(1)).min(1),
  /** A PEP 440 specifier on the interpreter version, or null when any Python is affected. */
  python: z.string().nullable(),
  platforms: z.array(z.enum(['windows', 'linux', 'macos'])).min(1),
  managers: z.array(packageManagerSchema).min(1),
  /** conda build strings the sources name, when only those builds are affected (not every build of the version). */
  builds: z.array(z.string().min(1)).min(1).optional(),
  /** 'conda': only inside a conda environment (pip packages in Anaconda, Anaconda's own Python builds). */
  environment: z.enum(['conda']).optional(),
  symptom: z.object({ failureClass: failureClassSchema, module: z.string().nullable(), text: z.string().min(1) }),
  cause: causeKindSchema,
  summary: z.string().min(1),
  fixes: z.array(knownFixSchema).min(1),
  sources: z.array(z.url()).min(1),
});
export type KnownIssue = z.infer<typeof knownIssueSchema>;

export const knowledgeBaseSchema = z.object({ version: z.literal(1), issues: z.array(knownIssueSchema) });

/** The committed knowledge base, checked against its schema when first used. */
export function loadKnowledgeBase(): readonly KnownIssue[] {
  cached ??= knowledgeBaseSchema.parse(data).issues;
  return cached;
}
let cached: readonly KnownIssue[] | undefined;

export interface KnownIssueQuery {
  readonly package: string;
  readonly version: string | null;
  readonly pythonVersion: string | null;
  readonly platform: Platform;
  readonly managers: readonly PackageManager[];
  readonly failureClass?: FailureClass | null;
  /** The conda build string of the installed package, when conda installed it. */
  readonly build?: string | null;
  /** Whether the interpreter is a conda environment's (null or absent: not known). */
  readonly condaEnvironment?: boolean | null;
}

export interface KnownIssueMatch {
  readonly issue: KnownIssue;
  /** 'exact': every stated condition was checked and holds; 'partial': some could not be checked. */
  readonly strength: 'exact' | 'partial';
  readonly unchecked: readonly string[];
}

/** The entries whose package, version, Python, platform and manager conditions the facts satisfy. */
export function findKnownIssues(query: KnownIssueQuery, issues: readonly KnownIssue[] = loadKnowledgeBase()): KnownIssueMatch[] {
  const name = normalizeName(query.package);
  const out: KnownIssueMatch[] = [];
  for (const issue of issues) {
    if (normalizeName(issue.package) !== name) continue;
    if (query.platform !== 'unknown' && !issue.platforms.includes(query.platform)) continue;
    const unchecked: string[] = [];
    const anyVersion = issue.versions.includes('*');
    if (!anyVersion) {
      if (query.version === null) continue;
      if (!issue.versions.some((spec) => satisfies(query.version ?? '', spec))) continue;
    }
    if (issue.python !== null) {
      if (query.pythonVersion === null) unchecked.push('python version');
      else if (!satisfies(query.pythonVersion, issue.python)) continue;
      else if ((releaseOf(query.pythonVersion) ?? []).length < 3) unchecked.push('python patch version');
    }
    const knownManagers = query.managers.filter((m) => m !== 'unknown');
    if (knownManagers.length === 0) unchecked.push('installer');
    else if (!knownManagers.some((m) => issue.managers.includes(m))) continue;
    if (query.failureClass && query.failureClass !== 'unknown' && query.failureClass !== issue.symptom.failureClass) continue;
    if (issue.builds) {
      if (query.build === undefined || query.build === null) unchecked.push('conda build');
      else if (!issue.builds.includes(query.build)) continue;
    }
    if (issue.environment === 'conda') {
      if (query.condaEnvironment === undefined || query.condaEnvironment === null) unchecked.push('conda environment');
      else if (!query.condaEnvironment) continue;
    }
    if (query.platform === 'unknown') unchecked.push('platform');
    out.push({ issue, strength: unchecked.length === 0 ? 'exact' : 'partial', unchecked });
  }
  return out;
}
