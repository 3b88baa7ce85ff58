import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchdogCommand } from '../../app/process/child-watchdog';
import { groupAlive, processAlive, runnableHere, runProcess } from '../../app/process/run-process';
import { testPython } from '../support/wheels';

/** A killed orphan may stay a zombie until init reaps it: processAlive does not count zombies. */
const alive = (pid: number) => processAlive(pid);

/** A Python that starts a grandchild (printing its PID), then sleeps: a stand-in for pip and its build backend. */
const PARENT_OF_SLEEPER = 'import subprocess, sys, time\np = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])\nprint(p.pid, flush=True)\ntime.sleep(120)';

describe('the one process runner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor runner '));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs an argument array and streams its lines', async () => {
    const lines: string[] = [];
    const result = await runProcess([testPython(), '-c', 'print("a b"); print("c")'], { onLine: (_s, l) => lines.push(l) });
    expect(result).toMatchObject({ code: 0, timedOut: false, cancelled: false, spawnError: null });
    expect(lines).toEqual(['a b', 'c']);
  });

  it('kills the whole tree, grandchildren included, at its time limit', async () => {
    let grandchild = 0;
    // Long enough for Python to start and print its grandchild's PID on a loaded machine; both sleep 120 s.
    const result = await runProcess([testPython(), '-c', PARENT_OF_SLEEPER], { timeoutMs: 8000, onLine: (s, l) => (s === 'stdout' ? (grandchild = Number(l)) : undefined) });
    expect(result.timedOut).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => alive(grandchild), { timeout: 5000 }).toBe(false);
  });

  it('stops a child that prints nothing for its idle limit, and not one that keeps talking', { timeout: 60_000 }, async () => {
    // Silent after one line: stopped by the idle limit long before its 120 s sleep or the overall limit.
    const silent = await runProcess([testPython(), '-c', 'import time; print("ready", flush=True); time.sleep(120)'], { idleTimeoutMs: 8000, timeoutMs: 100_000, graceMs: 0 });
    expect(silent).toMatchObject({ timedOut: true, idle: true, cancelled: false });
    expect(silent.stdout).toBe('ready\n');
    // A line every 1.5 s for 15 s, longer than its 10 s idle limit (which also covers a slow start here): each line re-arms it.
    const talking = await runProcess([testPython(), '-c', 'import time\nfor i in range(10):\n    print(i, flush=True); time.sleep(1.5)'], { idleTimeoutMs: 10_000 });
    expect(talking).toMatchObject({ code: 0, timedOut: false });
    expect(talking.idle).toBeUndefined();
  });

  it('stops a child whose output passes its byte limit, even one line that never ends', async () => {
    const result = await runProcess([testPython(), '-c', 'import sys\nwhile True:\n    sys.stdout.write("x" * 65536)'], { maxStreamBytes: 1_000_000, maxOutput: 0, graceMs: 0, timeoutMs: 100_000 });
    expect(result).toMatchObject({ overflow: true, timedOut: false, stdout: '' });
  });

  it('kills the whole tree when cancelled', async () => {
    const cancel = new AbortController();
    let grandchild = 0;
    const result = await runProcess([testPython(), '-c', PARENT_OF_SLEEPER], {
      signal: cancel.signal,
      onLine: (_s, l) => {
        grandchild = Number(l);
        cancel.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    await expect.poll(() => alive(grandchild), { timeout: 5000 }).toBe(false);
  });

  it('interrupts first, so a child that cleans up on Ctrl-C (as pip does) gets to', async () => {
    const cancel = new AbortController();
    const marker = path.join(dir, 'cleaned-up');
    const cleanup = `import time\ntry:\n    print("ready", flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    open(${JSON.stringify(marker)}, "w").write("done")\n    raise`;
    const result = await runProcess([testPython(), '-c', cleanup], { signal: cancel.signal, graceMs: 5000, onLine: () => cancel.abort() });
    expect(result.cancelled).toBe(true);
    expect(await readFile(marker, 'utf8')).toBe('done');
  });

  it('kills a child that ignores the interrupt once the grace period is over', async () => {
    const stubborn = 'import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nprint("ready", flush=True)\ntime.sleep(60)';
    const cancel = new AbortController();
    let stoppedAt = 0;
    const result = await runProcess([testPython(), '-c', stubborn], {
      signal: cancel.signal,
      graceMs: 1000,
      onLine: () => {
        stoppedAt = Date.now();
        cancel.abort();
      },
    });
    expect(result).toMatchObject({ cancelled: true, signal: 'SIGKILL' });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(900);
  });

  it('survives a child that exits without reading its input (EPIPE)', async () => {
    const result = await runProcess([testPython(), '-c', 'import os; os._exit(0)'], { input: 'x'.repeat(8 * 1024 * 1024) });
    expect(result.code).toBe(0);
  });

  it('never starts a Windows program off Windows', async () => {
    const exe = path.join(dir, 'python.exe');
    await writeFile(exe, '#!/bin/sh\necho ran > "$0.ran"\n', { mode: 0o755 });
    const result = await runProcess([exe, '-c', 'print(1)'], { platform: 'linux' });
    expect(result.spawnError).toBe('ENOEXEC');
    expect(result.stderr).toMatch(/Windows program/);
    expect(runnableHere('C:\\env\\python.exe', 'win32')).toBe(true);
    expect(runnableHere('/env/Scripts/python.exe', 'darwin')).toBe(false);
  });

  it('reports a program that does not exist without throwing', async () => {
    const result = await runProcess([path.join(dir, 'missing')]);
    expect(result.spawnError).toBe('ENOENT');
  });

  it.skipIf(process.platform === 'win32')('takes its children down when the doctor is killed with SIGKILL', async () => {
    // A doctor in its own Node process, built from the real runner.
    const bundle = path.join(dir, 'doctor.mjs');
    const entry = path.join(dir, 'doctor-entry.ts');
    const runner = fileURLToPath(new URL('../../app/process/run-process.ts', import.meta.url));
    await writeFile(entry, `import { runProcess } from ${JSON.stringify(runner)};\nvoid runProcess([process.argv[2], '-c', process.argv[3]], { onLine: (_s, l) => console.log(l) });\nsetInterval(() => undefined, 1000);\n`);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
    const doctor = spawn(process.execPath, [bundle, testPython(), PARENT_OF_SLEEPER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve) => createInterface({ input: doctor.stdout }).once('line', resolve));
    const grandchild = Number(first);
    expect(alive(grandchild)).toBe(true);
    doctor.kill('SIGKILL');
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
  }, 30_000);

  it.skipIf(process.platform === 'win32')('the watchdog interrupts before it kills, so a child can clean up when the doctor dies', async () => {
    const [file, args] = watchdogCommand(process.platform, 5000);
    const watchdog = spawn(file, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    const marker = path.join(dir, 'watchdog-cleaned-up');
    const child = spawn(testPython(), ['-c', `import time\ntry:\n    print("ready", flush=True)\n    time.sleep(60)\nexcept KeyboardInterrupt:\n    open(${JSON.stringify(marker)}, "w").write("done")`], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    watchdog.stdin.end(`+${child.pid}\n`);
    await new Promise((resolve) => watchdog.once('exit', resolve));
    expect(await readFile(marker, 'utf8')).toBe('done');
    expect(groupAlive(child.pid!)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('the watchdog kills the groups still registered when its pipe closes, and spares those forgotten', async () => {
    const [file, args] = watchdogCommand(process.platform, 1000);
    const watchdog = spawn(file, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    const kept = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const killed = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    watchdog.stdin.end(`+${kept.pid}\n+${killed.pid}\n-${kept.pid}\n`);
    await new Promise((resolve) => watchdog.once('exit', resolve));
    await expect.poll(() => groupAlive(killed.pid!), { timeout: 5000 }).toBe(false);
    expect(groupAlive(kept.pid!)).toBe(true);
    process.kill(-kept.pid!, 'SIGKILL');
  });

  it('tells a live process group from a dead one', async () => {
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    expect(groupAlive(sleeper.pid!)).toBe(true);
    process.kill(-sleeper.pid!, 'SIGKILL');
    await expect.poll(() => groupAlive(sleeper.pid!), { timeout: 5000 }).toBe(false);
  });
});
