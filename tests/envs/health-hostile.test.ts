import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEnvironment } from '../../app/envs/describe';
import { checkHealth } from '../../app/envs/health';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import type { EnvironmentDescription } from '../../app/envs/types';
import { english, formatMessage } from '../../app/messages';
import { createHostileEnv, type HostileEnv } from '../support/hostile-env';

/** The real host, logging every path it stats, lstats, resolves, reads or hashes. */
function watchingHost(): EnvHost & { touched: string[] } {
  const base = nodeHost();
  const touched: string[] = [];
  const log = <A extends unknown[], R>(fn: (file: string, ...rest: A) => R) => (file: string, ...rest: A): R => {
    touched.push(file);
    return fn(file, ...rest);
  };
  return {
    ...base,
    touched,
    readText: log(base.readText),
    readBytes: log(base.readBytes),
    kind: log(base.kind),
    size: log(base.size),
    lstat: log(base.lstat!),
    realPath: log(base.realPath),
    sha256: log(base.sha256),
  };
}

describe('health check of an environment whose records were written by an attacker', () => {
  let env: HostileEnv;
  let description: EnvironmentDescription;
  beforeAll(async () => {
    env = await createHostileEnv({ hugeCondaMeta: true });
    description = await probeEnvironment(env.venv.python);
  }, 120_000);
  afterAll(async () => {
    await env?.venv.remove();
  });

  it('never stats or opens a listed path outside the environment, and reports it as a suspicious record', async () => {
    const host = watchingHost();
    const health = await checkHealth(description, { host });
    for (const outside of ['/etc/passwd', '/etc/shadow', '/proc/self/environ', '/lib/x86_64-linux-gnu/libc.so.6']) {
      expect(host.touched).not.toContain(outside);
      expect(health.issues.filter((i) => i.check === 'suspicious-record' && i.detail === outside).map((i) => i.package).sort()).toEqual(['evil', 'tampered']);
    }
    expect(host.touched.filter((f) => !f.startsWith(env.venv.dir))).toEqual([]);
    expect(health.issues.filter((i) => i.check === 'altered-file')).toEqual([]);
  }, 120_000);

  it('hashes only regular files inside, and says why each other listed file was not hashed', async () => {
    const health = await checkHealth(description);
    const pkg = path.join(env.site, 'evil');
    const about = (name: string) => health.issues.filter((i) => i.detail === path.join(pkg, name)).map((i) => `${i.check}: ${i.message}`);
    expect(about('fifo.so')).toEqual([expect.stringMatching(/^skipped-file: .*not a regular file \(fifo\)/)]);
    expect(about('zero.so')).toEqual([expect.stringMatching(/^suspicious-record: .*a link to \/dev\/zero, outside the environment/)]);
    expect(about('loop.so')).toEqual([expect.stringMatching(/^skipped-file: .*does not resolve \(a loop/)]);
    expect(about('sparse.so')).toEqual([expect.stringMatching(/^skipped-file: .*4096 MB, over the 512 MB hashing limit/)]);
    expect(about('_honest.cpython-311-x86_64-linux-gnu.so')).toEqual([]);
    expect(health.filesHashed).toBe(1);
  }, 120_000);

  it('bounds a 20 MB conda-meta record and leaves a 200 MB one unread, saying so', async () => {
    const health = await checkHealth(description);
    const huge = health.issues.filter((i) => i.package === 'huge');
    expect(huge.filter((i) => i.check === 'missing-file' && i.detail !== '')).toHaveLength(20);
    expect(huge.map((i) => i.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/60000 more entries of .*huge-1\.0-0\.json were not checked \(only the first 50000 are\)/),
      expect.stringMatching(/^huge: 49980 more missing-file issue\(s\) not listed\.$/),
    ]));
    expect(health.issues).toContainEqual(expect.objectContaining({ check: 'skipped-file', message: expect.stringMatching(/giant-1\.0-0\.json is 200 MB, over the 64 MB .*not checked/) }));
  }, 120_000);

  it('says every issue from a message whose English is the sentence, and in German without its English words', async () => {
    const health = await checkHealth(description, { hashBudgetMs: 0 });
    const checks = new Set(health.issues.map((i) => i.check));
    expect([...checks].sort()).toEqual(['issues-left-out', 'missing-file', 'skipped-file', 'suspicious-record']);
    for (const issue of health.issues) {
      expect(issue.messages?.message, issue.message).toBeDefined();
      expect(english(issue.messages!.message)).toBe(issue.message);
      const german = formatMessage(issue.messages!.message, 'de');
      for (const words of ['is listed but missing', 'it was not opened', 'was not hashed', 'outside the environment', 'not a regular file', 'does not resolve', 'more entries of', 'were not checked', 'issue(s) not listed', 'hashing ran out', 'a real record stays under']) {
        expect(german, issue.message).not.toContain(words);
      }
    }
    expect(formatMessage(health.issues.find((i) => i.check === 'issues-left-out')!.messages!.message, 'de')).toMatch(/^huge: 49980 weitere Befunde der Art „fehlende Datei“/);
  }, 120_000);

  it('stops hashing when the time for it runs out, and names the files left', async () => {
    const health = await checkHealth(description, { hashBudgetMs: 0 });
    expect(health.filesHashed).toBe(0);
    expect(health.issues).toContainEqual(expect.objectContaining({ check: 'skipped-file', detail: env.honest, message: expect.stringContaining('the time for hashing ran out') }));
  }, 120_000);
});
