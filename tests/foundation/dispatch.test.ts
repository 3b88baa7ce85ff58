import { describe, expect, it } from 'vitest';
import { operationNames } from '../../app/contract/contract';
import { DoctorError } from '../../app/base/errors';
import { dispatch, type Handlers, type HandlerContext } from '../../app/contract/dispatch';

const context: HandlerContext = { emit: () => undefined, signal: new AbortController().signal };

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const all = Object.fromEntries(operationNames.map((name) => [name, async () => { throw new Error(`${name} not expected`); }]));
  return { ...all, ...overrides } as Handlers;
}

describe('dispatch', () => {
  it('calls the handler with the parsed request and returns its value', async () => {
    const handlers = handlersWith({ listEnvironments: async () => [] });
    expect(await dispatch(handlers, 'listEnvironments', {}, context)).toEqual({ ok: true, value: [] });
  });

  it('refuses an operation that is not in the contract, without calling anything', async () => {
    const result = await dispatch(handlersWith({}), 'constructor', {}, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('refuses a request that does not match the schema', async () => {
    const handlers = handlersWith({ listEnvironments: async () => [] });
    const result = await dispatch(handlers, 'listEnvironments', { extra: '--index-url=http://evil' }, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('carries a DoctorError as data with its code and advice', async () => {
    const handlers = handlersWith({ listEnvironments: async () => { throw new DoctorError('no-python', 'No Python found.', 'Install Python.'); } });
    const result = await dispatch(handlers, 'listEnvironments', {}, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'no-python', message: 'No Python found.', whatToDo: 'Install Python.' } });
  });

  it('turns an unexpected error into an internal error that says what to do', async () => {
    const handlers = handlersWith({ listEnvironments: async () => { throw new TypeError('boom'); } });
    const result = await dispatch(handlers, 'listEnvironments', {}, context);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!result.ok && result.error.whatToDo).toBeTruthy();
  });
});
