import type { EnvironmentFacts } from '../../app/diagnosis/facts/facts';
import { describedEnvironment, distributionRecord } from './distribution';

/**
 * A venv whose torch fails only after another import (modelled on pytorch/pytorch#166628: torch's
 * c10.dll fails with WinError 1114 only after PyQt5 loaded an older msvcp140.dll; `import torch`
 * alone works), as a Linux traceback of the program that imported it.
 */
export const TORCH_PREFIX = '/home/u/venv';
export const TORCH_SITE = `${TORCH_PREFIX}/lib/python3.12/site-packages`;
export const TORCH_C = `${TORCH_SITE}/torch/_C.cpython-312-x86_64-linux-gnu.so`;
export const TORCH_ERROR = `Traceback (most recent call last):
  File "/home/u/app/main.py", line 3, in <module>
    import torch
  File "${TORCH_SITE}/torch/__init__.py", line 367, in <module>
    from torch._C import *  # noqa: F403
ImportError: ${TORCH_C}: undefined symbol: _ZN3c104cuda9SetDeviceEi
`;

/** The venv's facts: torch 2.9.0 with its one extension module torch._C. */
export function torchEnvironment(): EnvironmentFacts {
  return {
    python: `${TORCH_PREFIX}/bin/python`,
    description: describedEnvironment({ prefix: TORCH_PREFIX, interpreter: `${TORCH_PREFIX}/bin/python`, version: '3.12.3', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [{ name: 'torch', version: '2.9.0', distribution: distributionRecord('torch', '2.9.0', TORCH_SITE), condaRecord: null, files: [TORCH_C], extensionModules: [{ module: 'torch._C', path: TORCH_C }] }],
  };
}
