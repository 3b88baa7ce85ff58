/**
 * The "how to check" of a copied Windows environment names its own machine's python.exe when that
 * machine's folder is known (from the traceback, or confirmed on the Fix step), instead of the
 * placeholder `<the python.exe of that environment>` (issue 26, finding 5).
 *
 * The sentences that name that python are two messages (the machine's facts that are not known here,
 * and the import that could not run here); wherever they sit in a diagnosis, nested in another
 * sentence too, their `python` is set and the English beside them written again from the message.
 */
import { english } from '../messages';
import type { MessageRef } from '../messages';
import type { Diagnosis } from './types';

/** The messages whose `python` parameter is that machine's interpreter. */
const THAT_MACHINE: ReadonlySet<string> = new Set(['host.absent.elsewhere.how', 'unchecked.import.how.windows']);

const isRef = (v: unknown): v is MessageRef => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';

/** `ref` with every message of THAT_MACHINE in it (itself or a parameter, at any depth) naming `python`. */
function naming(ref: MessageRef, python: string): MessageRef {
  if (!ref.params) return ref;
  const params = Object.fromEntries(Object.entries(ref.params).map(([name, value]) => [name, THAT_MACHINE.has(ref.id) && name === 'python' ? python : typeof value === 'object' ? naming(value, python) : value]));
  return { ...ref, params };
}

function walk(value: unknown, python: string): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, python));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'messages' ? v : walk(v, python)]));
  const messages = (value as { messages?: unknown }).messages;
  if (typeof messages === 'object' && messages !== null && !Array.isArray(messages)) {
    const next: Record<string, unknown> = { ...messages };
    for (const [field, ref] of Object.entries(messages)) {
      // Only a field that still says its message's English (the same rule as localText).
      if (!isRef(ref) || typeof out[field] !== 'string' || english(ref) !== out[field]) continue;
      const named = naming(ref, python);
      next[field] = named;
      out[field] = english(named);
    }
    out.messages = next;
  }
  return out;
}

/**
 * The diagnosis of a copied Windows environment with its "how to check" naming `python`, that
 * machine's interpreter already quoted for cmd.exe (windowsPythonIn). Everything else stays as it is.
 */
export function namingThatMachinePython(diagnosis: Diagnosis, python: string): Diagnosis {
  return walk(diagnosis, python) as Diagnosis;
}
