/**
 * The NVIDIA driver facts from `nvidia-smi`: the driver version and GPU names from its CSV query,
 * the newest CUDA version the driver supports from its header ("CUDA Version: 12.4").
 */
import type { NvidiaFacts } from './types';

/** Arguments of the CSV query (documented in `nvidia-smi --help-query-gpu`). */
export const NVIDIA_QUERY = ['--query-gpu=driver_version,name', '--format=csv,noheader'] as const;

/** Facts from the CSV query's output and the plain `nvidia-smi` header; null when neither parses. */
export function parseNvidiaSmi(csv: string, header: string): NvidiaFacts | null {
  const rows = csv
    .split(/\r?\n/)
    .map((l) => l.split(',').map((c) => c.trim()))
    .filter((r) => r.length >= 2 && /^\d+(\.\d+)+$/.test(r[0] ?? ''));
  const driverFromHeader = /Driver Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  const driverVersion = rows[0]?.[0] ?? driverFromHeader;
  if (!driverVersion) return null;
  const cudaVersion = /CUDA Version:\s*([\d.]+)/.exec(header)?.[1] ?? null;
  return { driverVersion, cudaVersion, gpus: rows.map((r) => r.slice(1).join(',')) };
}
