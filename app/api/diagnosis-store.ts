import { randomUUID } from 'node:crypto';
import { DoctorError } from '../base/errors';
import type { DiagnosisResult } from '../contract/contract';
import { isFixed } from '../diagnosis/is-fixed';
import type { Diagnosis, Remedy } from '../diagnosis/types';
import type { LoadGraph } from '../diagnosis/load-graph-types';
import { message } from '../messages';

/**
 * The diagnoses the engine made, by id. A plan is asked for by diagnosis and remedy id, so every
 * path or package a repair touches comes from the engine's own findings, never from the page.
 */
export class DiagnosisStore {
  private readonly kept = new Map<string, { readonly python: string; readonly diagnosis: Diagnosis; readonly graphs: ReadonlyMap<string, LoadGraph> }>();

  /** `graphs`: the whole load graph of each module the diagnosis simulated, by file. */
  keep(python: string, diagnosis: Diagnosis, graphs: ReadonlyMap<string, LoadGraph> = new Map()): DiagnosisResult {
    const id = randomUUID();
    this.kept.set(id, { python, diagnosis, graphs });
    // A session makes a handful of diagnoses; the oldest are of no use once newer ones exist.
    while (this.kept.size > 50) this.kept.delete(this.kept.keys().next().value as string);
    return { ...diagnosis, id, fixed: isFixed(diagnosis) };
  }

  /**
   * The load graph of `file` as the diagnosis' own simulation resolved it (null when the diagnosis
   * did not simulate that file), and the interpreter the diagnosis was made with.
   */
  loadGraph(diagnosisId: string, file: string): { python: string; graph: LoadGraph | null } {
    const found = this.found(diagnosisId);
    return { python: found.python, graph: found.graphs.get(file) ?? null };
  }

  /** The diagnosis itself, as the engine made it (for the report, which the page names by id). */
  diagnosis(diagnosisId: string): Diagnosis {
    return this.found(diagnosisId).diagnosis;
  }

  private found(diagnosisId: string): { readonly python: string; readonly diagnosis: Diagnosis; readonly graphs: ReadonlyMap<string, LoadGraph> } {
    const found = this.kept.get(diagnosisId);
    if (!found) throw new DoctorError('unknown-diagnosis', message('error.unknown-diagnosis'), message('error.unknown-diagnosis.what'));
    return found;
  }

  /** The interpreter, environment folder and remedy a plan is made for. */
  remedy(diagnosisId: string, remedyId: string): { python: string; prefix: string; remedy: Remedy; checkModule: string | null } {
    const found = this.found(diagnosisId);
    const cause = found.diagnosis.causes.find((c) => c.remedies.some((r) => r.id === remedyId));
    const remedy = cause?.remedies.find((r) => r.id === remedyId);
    if (!remedy) throw new DoctorError('unknown-remedy', message('error.unknown-remedy'), message('error.unknown-remedy.what'));
    // The module the fix is for, imported afterwards to check it; only a dotted name ever reaches a command.
    const module = cause?.module ?? null;
    const checkModule = module && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module) ? module : null;
    return { python: found.python, prefix: found.diagnosis.environment.prefix, remedy, checkModule };
  }
}
