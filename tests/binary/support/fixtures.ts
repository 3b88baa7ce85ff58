import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir } from '../../../scripts/fetch-fixtures';

/** Folder holding a fetched package's lib/ (from scripts/fetch-fixtures.ts), or null when it was not fetched. */
export function fixtureLib(name: string, version: string): string | null {
  const dir = fixtureDir(name, version);
  return existsSync(join(dir, '.complete')) ? join(dir, 'package', 'lib') : null;
}
