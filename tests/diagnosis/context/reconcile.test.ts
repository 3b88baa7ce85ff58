import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../app/cli/commands/diagnose';
import { ExitCode } from '../../../app/cli/exit-codes';
import { isFixed } from '../../../app/diagnosis/is-fixed';
import { diagnose } from '../../../app/diagnosis/diagnose';
import type { DiagnosisDeps, ImportOutcome } from '../../../app/diagnosis/facts/facts';
import { diagnosisSchema } from '../../../app/diagnosis/types';
import { TORCH_ERROR, torchEnvironment } from '../../support/torch-after-pyqt';
import { cleanHealthReport } from '../../support/health-report';

// The verdict reconciles with the symptom (issue 20, "What to build" 1): an error that names a load
// failure of a module that imports on its own is never "healthy", in the one status decision the
// CLI, the wizard and the report share. Modelled on pytorch/pytorch#166628 (torch's c10.dll fails
// with WinError 1114 only after PyQt5 loaded an older msvcp140.dll; `import torch` alone works).

const ERROR = TORCH_ERROR;
const env = torchEnvironment;

function deps(outcome: ImportOutcome, extra: Partial<DiagnosisDeps> = {}): DiagnosisDeps {
  return {
    describeEnvironment: async () => env(),
    importModule: async () => outcome,
    simulateLoad: async (_e, ext) => ({ root: ext.path, resolved: [], findings: [] }),
    healthChecks: async () => cleanHealthReport(),
    ...extra,
  };
}

describe('the verdict for an error the fresh import does not reproduce', () => {
  it('is never healthy: a context-dependent cause, with no fix offered and saying so', async () => {
    const d = await diagnose({ python: 'py', errorText: ERROR }, deps({ status: 'ok' }));
    expect(diagnosisSchema.parse(d)).toBeTruthy();
    expect(d.status).toBe('problem-found');
    expect(d.causes[0]).toMatchObject({ kind: 'context-dependent', module: 'torch._C', remedies: [] });
    expect(d.causes[0]?.explanation).toContain('none is known');
    expect(d.causes[0]?.explanation).toContain('--after');
    expect(d.causes[0]?.evidence.map((e) => e.kind)).toEqual(['error-text', 'import-test']);
  });

  it('is the same verdict for the CLI (exit 3) and for "fixed" (false)', async () => {
    const d = await diagnose({ python: 'py', errorText: ERROR }, deps({ status: 'ok' }));
    expect(exitCodeFor(d.status)).toBe(ExitCode.problemFound);
    expect(isFixed(d)).toBe(false);
  });

  it('stays healthy for a module diagnosed without an error (nothing to reconcile)', async () => {
    const d = await diagnose({ python: 'py', module: 'torch._C' }, deps({ status: 'ok' }));
    expect(d.status).toBe('healthy');
    expect(isFixed(d)).toBe(true);
  });

  it('stays healthy for an error text that names no load failure', async () => {
    const d = await diagnose({ python: 'py', errorText: 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n    import torch._C\nKeyboardInterrupt\n' }, deps({ status: 'ok' }));
    expect(d.causes.some((c) => c.kind === 'context-dependent')).toBe(false);
  });

  it('says which program it would replay and why it could not, when the program is not on this machine', async () => {
    const d = await diagnose(
      { python: 'py', errorText: ERROR },
      deps({ status: 'ok' }, {
        replayImports: async () => null,
        programImports: async (_e, file) => {
          throw new Error(`Cannot read the imports of ${file}: No such file or directory`);
        },
      }),
    );
    expect(d.causes[0]?.kind).toBe('context-dependent');
    expect(d.causes[0]?.explanation).toContain('/home/u/app/main.py');
    expect(d.checks.find((c) => c.id === 'program-imports')).toMatchObject({ status: 'skipped' });
  });

  it('says the failure was not reproduced in the replayed context either', async () => {
    const step = (module: string) => ({ module, ok: true, exceptionType: null, message: null, traceback: null, loaded: [], events: [], pathAdded: [] });
    const d = await diagnose(
      { python: 'py', errorText: ERROR },
      deps({ status: 'ok' }, {
        replayImports: async (_e, modules) => ({ baseline: [], auditHooks: true, steps: modules.map(step), notReached: [] }),
        programImports: async () => [{ module: 'PyQt5.QtCore', line: 1 }, { module: 'torch', line: 3 }],
      }),
    );
    expect(d.status).toBe('problem-found');
    expect(d.causes[0]?.kind).toBe('context-dependent');
    expect(d.causes[0]?.explanation).toContain('did not happen there either');
    expect(d.checks.find((c) => c.id === 'context-replay')?.detail).toContain('import PyQt5.QtCore: ok');
  });
});
