import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../app/envs/host';

describe('nodeHost exec', () => {
  it("passes the caller's cancel to the runner: a program that would run for minutes is stopped and says so", async () => {
    const controller = new AbortController();
    // Node itself as the program, so the test needs no Python; it would wait ten minutes.
    const running = nodeHost().exec(process.execPath, ['-e', 'process.stdout.write("started\\n"); setTimeout(() => {}, 600000)'], { timeoutMs: 900_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, spawnError: null });
    expect(result.code).not.toBe(0);
  }, 60_000);

  it('runs a program to its end when nothing cancels it', async () => {
    const result = await nodeHost().exec(process.execPath, ['-e', 'process.stdout.write("done")'], { timeoutMs: 60_000, signal: new AbortController().signal });
    expect(result).toMatchObject({ code: 0, cancelled: false, timedOut: false });
    expect(result.stdout.trim()).toBe('done');
  }, 60_000);
});
