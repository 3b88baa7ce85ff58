/**
 * Facts about the machine a Python runs on that no file of its environment holds: the Windows
 * edition, Media Foundation, the Visual C++ runtime copies the loader takes, the CPU's instruction
 * sets, commit memory and the NVIDIA driver.
 *
 * Each fact is either known, with where it was read, or absent, with why and how a person can read
 * it: a cause may rest only on a known fact, and the report lists the absent ones as "not checked".
 */
import { z } from 'zod';
import { fieldMessagesSchema } from '../messages/schema';

const absentSchema = z.object({
  status: z.literal('absent'),
  /** Why the fact is not known here ("read on Linux", "nvidia-smi is not installed"). */
  why: z.string(),
  /** How a person finds it out on the machine that matters. */
  howToCheck: z.string(),
  /** The messages behind `why` and `howToCheck` (absent in facts read before messages existed). */
  messages: fieldMessagesSchema,
});

/**
 * A fact with its value and the call or file it was read from, or why it is not known. `messages.source`:
 * the message behind `source` (absent in facts read before it existed), so "level from ... --help"
 * reads in the reader's language.
 */
function fact<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('status', [z.object({ status: z.literal('known'), value, source: z.string(), messages: fieldMessagesSchema }), absentSchema]);
}

export const windowsEditionSchema = z.object({
  productName: z.string().nullable(),
  /** EditionID from the registry: "Professional", "ProfessionalN", "CoreN", "EnterpriseN", ... */
  editionId: z.string().nullable(),
  build: z.number().int().nullable(),
  /** Update build revision (the number after the build). */
  ubr: z.number().int().nullable(),
  displayVersion: z.string().nullable(),
  /** N and KN editions ship without Media Foundation (the Media Feature Pack adds it). */
  nEdition: z.boolean(),
});
export type WindowsEdition = z.infer<typeof windowsEditionSchema>;

export const mediaFoundationSchema = z.object({
  present: z.boolean(),
  /** Each Media Foundation DLL with the copy System32 holds, or null when it has none. */
  dlls: z.array(z.object({ name: z.string(), path: z.string().nullable() })),
});
export type MediaFoundation = z.infer<typeof mediaFoundationSchema>;

export const runtimeCopySchema = z.object({
  name: z.string(),
  /** The copy the loader takes for an extension module that does not carry its own; null: none. */
  path: z.string().nullable(),
  /** Its version resource ("14.29.30139.0"), null without one. */
  version: z.string().nullable(),
  /** 'already-loaded' (python.exe loaded it), 'search' (LoadLibraryEx with the default folders). */
  how: z.enum(['already-loaded', 'search', 'not-found']),
});
export type RuntimeCopy = z.infer<typeof runtimeCopySchema>;

export const x86LevelSchema = z.enum(['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4']);
export type X86Level = z.infer<typeof x86LevelSchema>;

export const cpuSchema = z.object({
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  /** Feature names as Linux's /proc/cpuinfo spells them (avx, avx2, avx512f, sse4_2, popcnt, ...). */
  flags: z.array(z.string()),
  avx: z.boolean().nullable(),
  avx2: z.boolean().nullable(),
  avx512f: z.boolean().nullable(),
  /** The highest x86-64 psABI level every feature of which is present; null when the flags cannot tell. */
  level: x86LevelSchema.nullable(),
  /** Features a level needs that the source cannot report (Windows has no POPCNT/LAHF flag). */
  levelUnknownFeatures: z.array(z.string()),
});
export type CpuFacts = z.infer<typeof cpuSchema>;

export const commitMemorySchema = z.object({
  /** Bytes that can be committed in all: RAM plus paging files (ullTotalPageFile, CommitLimit). */
  commitLimit: z.number().nonnegative(),
  /** Bytes still free to commit (ullAvailPageFile, CommitLimit - Committed_AS). */
  commitAvailable: z.number(),
  physicalTotal: z.number().nonnegative().nullable(),
});
export type CommitMemory = z.infer<typeof commitMemorySchema>;

export const nvidiaSchema = z.object({
  driverVersion: z.string(),
  /** The newest CUDA version the driver supports, from nvidia-smi's header. */
  cudaVersion: z.string().nullable(),
  gpus: z.array(z.string()),
});
export type NvidiaFacts = z.infer<typeof nvidiaSchema>;

export const hostFactsSchema = z.object({
  /** The system the facts were read on. */
  platform: z.enum(['windows', 'linux', 'macos', 'unknown']),
  /** The interpreter whose process read them (its loader state is the one that matters). */
  python: z.string().nullable(),
  readAt: z.string(),
  windows: fact(windowsEditionSchema),
  mediaFoundation: fact(mediaFoundationSchema),
  vcRuntime: fact(z.array(runtimeCopySchema)),
  cpu: fact(cpuSchema),
  memory: fact(commitMemorySchema),
  nvidia: fact(nvidiaSchema),
  /** conda's Python reads CONDA_DLL_SEARCH_MODIFICATION_ENABLE to search PATH again (conda/conda#10897). */
  condaDllSearchModification: fact(z.string().nullable()),
});
export type HostFacts = z.infer<typeof hostFactsSchema>;
export type HostFactName = Exclude<keyof HostFacts, 'platform' | 'python' | 'readAt'>;
export type Fact<K extends HostFactName> = HostFacts[K];
export type KnownValue<K extends HostFactName> = Extract<HostFacts[K], { status: 'known' }>['value'];

/** The value of a known fact, or null. */
export function knownValue<K extends HostFactName>(host: HostFacts | null | undefined, name: K): KnownValue<K> | null {
  const f = host?.[name];
  return f && f.status === 'known' ? (f.value as KnownValue<K>) : null;
}

export const HOST_FACT_NAMES: readonly HostFactName[] = ['windows', 'mediaFoundation', 'vcRuntime', 'cpu', 'memory', 'nvidia', 'condaDllSearchModification'];
