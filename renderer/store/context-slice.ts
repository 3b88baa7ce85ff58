import type { StateCreator } from 'zustand';
import type { RequestOf } from '../../app/contract/contract';
import type { DoctorState } from './doctor-store';

/** What the user says their program does before the failing import (issue 20), as typed. */
export interface ProgramContext {
  /** Modules imported first, separated by commas or spaces ("PyQt5.QtCore, numpy"). */
  readonly after: string;
  /** The program file (an absolute path), whose imports the engine reads instead. */
  readonly program: string;
}

/** The setter of the program's context; the value itself is in the session (wizard/session.ts), cleared with the symptom. */
export interface ContextSlice {
  readonly setProgramContext: (patch: Partial<ProgramContext>) => void;
}

const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** The module names typed that are not module names (shown to the user; never sent). */
export function invalidModules(context: ProgramContext): string[] {
  return context.after.split(/[\s,]+/).filter((m) => m !== '' && !MODULE.test(m));
}

/**
 * The context part of the diagnose request: the modules typed, else the program file; undefined
 * when neither is given or what is typed is not valid (the form says why).
 */
export function contextRequest(context: ProgramContext): RequestOf<'diagnose'>['context'] {
  const after = context.after.split(/[\s,]+/).filter(Boolean);
  if (after.length > 0) return invalidModules(context).length === 0 ? { after: after.slice(0, 50) } : undefined;
  const program = context.program.trim();
  return program !== '' && ABSOLUTE.test(program) ? { program } : undefined;
}

export function createContextSlice(): StateCreator<DoctorState, [], [], ContextSlice> {
  return (set, get) => ({
    setProgramContext: (patch) => set({ programContext: { ...get().programContext, ...patch } }),
  });
}
