/** The failure classes each cause kind explains, shared by the cause rules and the ranking. */
import type { CauseKind, FailureClass } from '../types';

/** Which failure classes of the pasted error or live import agree with a cause kind. */
export const CONSISTENT: Readonly<Record<CauseKind, readonly FailureClass[]>> = {
  'missing-library': ['module-not-found', 'shared-object-not-found'],
  'missing-symbol': ['procedure-not-found', 'undefined-symbol'],
  'missing-ordinal': ['invalid-ordinal', 'procedure-not-found'],
  'missing-symbol-version': ['symbol-version-not-found'],
  'wrong-architecture': ['bad-exe-format', 'wrong-elf-class', 'incompatible-architecture'],
  'missing-vc-runtime': ['module-not-found', 'dll-init-failed'],
  // An older runtime lacks the newer toolset's functions (127), or fails in DllMain (1114).
  'outdated-vc-runtime': ['procedure-not-found', 'dll-init-failed'],
  'shadowed-library': ['procedure-not-found', 'invalid-ordinal', 'module-not-found', 'bad-exe-format', 'incompatible-architecture', 'undefined-symbol', 'symbol-version-not-found'],
  'python-abi-mismatch': ['python-dll-conflict', 'module-not-found', 'procedure-not-found', 'undefined-symbol'],
  'mixed-managers': ['module-not-found', 'procedure-not-found', 'undefined-symbol', 'shared-object-not-found'],
  'broken-requirements': ['module-not-found', 'shared-object-not-found'],
  'search-policy': ['module-not-found'],
  'dll-init-failed': ['dll-init-failed'],
  'resource-exhaustion': ['paging-file-too-small'],
  'load-order-conflict': ['undefined-symbol', 'symbol-version-not-found', 'procedure-not-found', 'invalid-ordinal', 'dll-init-failed'],
  'context-dependent': [],
  'missing-os-component': ['module-not-found'],
  'gpu-runtime': ['module-not-found', 'shared-object-not-found', 'dll-init-failed'],
  'cpu-unsupported': ['dll-init-failed'],
  'numpy-abi': [],
  'os-too-old': ['undefined-symbol', 'shared-object-not-found'],
};
