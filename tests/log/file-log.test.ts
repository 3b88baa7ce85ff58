import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toWireError } from '../../app/contract/errors';
import { configureLog, flushLog, logError, logWriteFailure } from '../../app/log/file-log';

describe('the log file', () => {
  afterEach(() => configureLog(null));

  it('writes errors with their details for the user to attach', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    configureLog(join(dir, 'logs', 'doctor.log'));
    logError('applyRepair', new Error('boom'));
    await flushLog();
    expect(readFileSync(join(dir, 'logs', 'doctor.log'), 'utf8')).toMatch(/\[error\] applyRepair: Error: boom/);
    expect(logWriteFailure()).toBeNull();
    expect(toWireError(new Error('x')).whatToDo).toContain('attach the log file');
    rmSync(dir, { recursive: true, force: true });
  });

  // An unwritable data folder used to give "attach the log" for a log that was never written.
  it('says which log could not be written and why, instead of asking for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    writeFileSync(join(dir, 'logs'), ''); // a file where the logs folder should be: EEXIST from mkdir, as root too
    const file = join(dir, 'logs', 'doctor.log');
    configureLog(file);
    logError('planRepair', new Error('boom'));
    await flushLog();
    expect(logWriteFailure()).toBe(`${file}: a file stands where its folder should be (EEXIST)`);
    const wire = toWireError(new Error('internal detail'));
    expect(wire).toMatchObject({ code: 'internal', message: 'Something went wrong inside Python DLL Doctor.' });
    expect(wire.whatToDo).toContain(`could not be written either (${file}: a file stands where its folder should be (EEXIST))`);
    expect(wire.whatToDo).toContain('DOCTOR_DATA_DIR');
    expect(wire.whatToDo).not.toContain('attach the log file');
    rmSync(dir, { recursive: true, force: true });
  });
});
