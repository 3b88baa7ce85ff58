import type { Details, RenderProcessGoneDetails } from 'electron';
import nodeLog from 'electron-log/node';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logFilePath, MAX_LOG_BYTES, setUpFileLogging, type LoggingApp } from '../../main/logging';

/** Electron's app reduced to what logging uses: a user-data folder and crash events. */
class FakeApp extends EventEmitter {
  constructor(
    private readonly userData: string,
    readonly isPackaged: boolean,
  ) {
    super();
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
}

describe('setUpFileLogging', () => {
  let userData: string;
  beforeEach(async () => {
    userData = await mkdtemp(path.join(tmpdir(), 'doctor-log-'));
  });
  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('writes log lines to logs/main.log in the user-data folder', async () => {
    const app = new FakeApp(userData, true);
    const { logFile, logger } = setUpFileLogging(app as unknown as LoggingApp, nodeLog.create({ logId: `file-${Date.now()}` }));

    logger.info('diagnosis started for PIL._imaging');

    expect(logFile).toBe(path.join(userData, 'logs', 'main.log'));
    expect(await readFile(logFile, 'utf8')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[info\] +diagnosis started for PIL\._imaging$/m);
  });

  it('records a renderer crash and a child process crash', async () => {
    const app = new FakeApp(userData, true);
    const { logFile } = setUpFileLogging(app as unknown as LoggingApp, nodeLog.create({ logId: `crash-${Date.now()}` }));

    app.emit('render-process-gone', {}, { id: 3 }, { reason: 'crashed', exitCode: 133 } satisfies Partial<RenderProcessGoneDetails>);
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'oom', exitCode: 1 } satisfies Partial<Details>);

    const text = await readFile(logFile, 'utf8');
    expect(text).toContain("[error] The window's page stopped (webContents 3): crashed, exit code 133.");
    expect(text).toContain('[error] A GPU process stopped: oom, exit code 1.');
  });

  it('keeps the console quiet in a packaged app, rotates at 1 MiB and never logs over IPC', () => {
    const { logger } = setUpFileLogging(new FakeApp(userData, true) as unknown as LoggingApp, nodeLog.create({ logId: `quiet-${Date.now()}` }));

    expect(logger.transports.console.level).toBe(false);
    expect(logger.transports.ipc?.level ?? false).toBe(false);
    expect(logger.transports.file.maxSize).toBe(MAX_LOG_BYTES);
  });
});

describe('logFilePath', () => {
  it('puts the log under logs/ in the folder it is given', () => {
    expect(logFilePath(path.join('/home', 'ada', '.config', 'Python DLL Doctor'))).toBe(path.join('/home', 'ada', '.config', 'Python DLL Doctor', 'logs', 'main.log'));
  });
});
