import { existsSync } from 'node:fs';

/**
 * The Chromium the tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium
 * (`apt-get install -y chromium`; .ci/run installs it). Never a browser Playwright downloads.
 */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(`No Chromium at ${candidate}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return candidate;
}
