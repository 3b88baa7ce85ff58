/**
 * Runs app/process/run-process.ts on win32: bundled by esbuild into one .mjs that Node for Windows
 * executes under Wine (tests/wine-win32/processes-on-win32.test.ts). Each case prints one JSON line.
 * argv: the case name, then the case's own values.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runProcess } from '../../../app/process/run-process';

const [name = '', ...values] = process.argv.slice(2);
const node = process.execPath;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<unknown> {
  switch (name) {
    case 'exe-arguments': {
      const r = await runProcess([node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...values], { timeoutMs: 60_000 });
      return { code: r.code, argv: JSON.parse(r.stdout) as unknown, stderr: r.stderr };
    }
    case 'batch': {
      const [bat = '', ...args] = values;
      const r = await runProcess([bat, ...args], { timeoutMs: 60_000 });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr, spawnError: r.spawnError };
    }
    case 'time-limit': {
      // A child that starts a grandchild and both wait: the time limit must end the whole tree.
      const file = values[0] ?? '';
      const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('fs').writeFileSync(${JSON.stringify(file)}, String(c.pid)); setInterval(() => {}, 1000);`;
      const r = await runProcess([node, '-e', script], { timeoutMs: 8_000 });
      const { readFileSync } = await import('node:fs');
      const grandchild = Number(readFileSync(file, 'utf8'));
      await new Promise((done) => setTimeout(done, 3_000));
      return { timedOut: r.timedOut, grandchildAlive: alive(grandchild) };
    }
    case 'epipe': {
      // A child that exits without reading 8 MB of input.
      const r = await runProcess([node, '-e', 'process.exit(0)'], { input: 'x'.repeat(8 * 1024 * 1024), timeoutMs: 60_000 });
      return { code: r.code };
    }
    case 'console-output': {
      const r = await runProcess([`${process.env.SystemRoot ?? 'C:\\windows'}\\system32\\reg.exe`, 'query', values[0] ?? '', '/v', 'Owner'], { output: 'console', timeoutMs: 60_000 });
      return { code: r.code, stdout: r.stdout };
    }
    case 'orphan': {
      // The doctor ends while its child runs: the watchdog must end the child.
      const file = values[0] ?? '';
      void runProcess([node, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 600_000, onSpawn: (pid) => writeFileSync(file, String(pid)) });
      await new Promise((done) => setTimeout(done, 3_000));
      console.log(JSON.stringify({ exiting: true }));
      process.exit(0);
      break;
    }
    case 'orphan-grandchild': {
      // The doctor ends while its child runs a grandchild, as pip runs a compiler. libuv's
      // kill-on-close job ends the child with the doctor; the grandchild is outside that job, as
      // Python's subprocess leaves it (detached here: a non-detached one would sit in the child's own
      // job and die with it), so only the watchdog can end it.
      const file = values[0] ?? '';
      const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true }); require('fs').writeFileSync(${JSON.stringify(file)}, String(c.pid)); setInterval(() => {}, 1000);`;
      void runProcess([node, '-e', script], { timeoutMs: 600_000 });
      const { existsSync } = await import('node:fs');
      for (let i = 0; i < 120 && !existsSync(file); i++) await new Promise((done) => setTimeout(done, 250));
      console.log(JSON.stringify({ exiting: true }));
      process.exit(0);
      break;
    }
    case 'stop-console': {
      // A console child that records every signal Node can give it on Windows: the stop asks
      // (taskkill without /F), then kills after the grace period, or at once when the ask is refused.
      const record = values[0] ?? '';
      const script = `const fs = require('fs'); for (const s of ['SIGINT', 'SIGBREAK', 'SIGTERM', 'SIGHUP']) process.on(s, () => { fs.appendFileSync(${JSON.stringify(record)}, s + '\\n'); process.exit(7); }); fs.appendFileSync(${JSON.stringify(record)}, 'started\\n'); setInterval(() => {}, 1000);`;
      let pid = 0;
      const started = Date.now();
      const r = await runProcess([node, '-e', script], { timeoutMs: 5_000, graceMs: 60_000, onSpawn: (p) => (pid = p) });
      const { readFileSync } = await import('node:fs');
      return { timedOut: r.timedOut, code: r.code, seconds: Math.round((Date.now() - started) / 1000), alive: alive(pid), record: readFileSync(record, 'utf8') };
    }
    case 'native-watchdog': {
      // The packaged app's watchdog (assets/windows/doctor-watchdog.c) fed as child-watchdog.ts feeds
      // it, then its pipe closed as a dying doctor's is: values are the exe, its grace period in
      // seconds.
      const [exe = '', grace = '0'] = values;
      const child = () => spawn(node, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }).pid ?? 0;
      const [registered, forgotten, junk] = [child(), child(), child()];
      const watchdog = spawn(exe, [grace], { stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true });
      const lines = [
        `+${registered}`,
        `+${forgotten}`,
        // Lines the doctor never writes, each naming the third child: none may register it.
        `${junk}`,
        `+${junk}x`,
        `+ ${junk}`,
        `++${junk}`,
        `*${junk}`,
        `+${'0'.repeat(40)}${junk}`,
        `+${junk}${'9'.repeat(12)}`,
        '+0',
        'hello',
        '',
        `-${forgotten}`,
      ];
      // The last registration is cut off without its newline, as when the doctor dies mid-write.
      watchdog.stdin.end(`${lines.join('\n')}\n+${junk}`);
      const closed = Date.now();
      const code = await new Promise<number | null>((done) => watchdog.once('exit', done));
      const seconds = (Date.now() - closed) / 1000;
      const result = { code, seconds, registered: alive(registered), forgotten: alive(forgotten), junk: alive(junk) };
      for (const pid of [registered, forgotten, junk]) if (alive(pid)) process.kill(pid);
      return result;
    }
    case 'alive':
      return { alive: alive(Number(values[0])) };
    case 'gone-within': {
      // Polls a process until it ends or the seconds run out; values are the id and the seconds.
      const [pid, seconds] = [Number(values[0]), Number(values[1])];
      const until = Date.now() + seconds * 1000;
      while (alive(pid) && Date.now() < until) await new Promise((done) => setTimeout(done, 250));
      return { alive: alive(pid) };
    }
    case 'end': {
      // A process a failed test left running.
      const pid = Number(values[0]);
      if (alive(pid)) process.kill(pid);
      return { alive: alive(pid) };
    }
  }
  return { error: `no case ${name}` };
}

console.log(JSON.stringify(await main()));
process.exit(0);
