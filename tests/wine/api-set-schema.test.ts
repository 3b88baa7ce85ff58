import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseApiSetSchema } from '../../app/binary/api-set-schema';

// Wine's apisetschema.dll carries the schema in Windows' version 6 layout (Debian's wine64 package).
const WINE_SCHEMA = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/apisetschema.dll';
const present = existsSync(WINE_SCHEMA);
if (!present) console.warn(`API set schema test skipped: ${WINE_SCHEMA} is not installed (Debian: apt-get install wine64)`);

describe.skipIf(!present && process.env.CI !== 'true' && process.env.FIXTURES_REQUIRED !== '1')('API set schema (Wine\'s apisetschema.dll)', () => {
  it('maps contracts to their host, ignoring the minor version, and knows what it does not list', async () => {
    const schema = parseApiSetSchema(new Uint8Array(await readFile(WINE_SCHEMA)));
    expect(schema).not.toBeNull();
    expect(schema?.host('api-ms-win-core-synch-l1-2-0.dll')).toBe('kernelbase.dll');
    expect(schema?.host('API-MS-WIN-CORE-SYNCH-L1-2-9.DLL')).toBe('kernelbase.dll');
    expect(schema?.host('api-ms-win-crt-runtime-l1-1-0.dll')).toBe('ucrtbase.dll');
    expect(schema?.host('ext-ms-win-doctor-probe-l1-1-0.dll')).toBeUndefined();
  });

  it('is null for a file without a schema', () => {
    expect(parseApiSetSchema(new Uint8Array(64))).toBeNull();
  });
});
