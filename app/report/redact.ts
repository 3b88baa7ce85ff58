/**
 * Removes who and where from a report before it is shared: user name, home folder, host name.
 *
 * Paths in a report name the user's home ("C:\Users\alice\...", "/home/alice/...") and the machine;
 * a bug report pasted in public should not. Sharing redacts by default and the output says so; the
 * full report stays on the machine. Besides the exact values of this machine, any Windows
 * `\Users\<name>\` and Unix `/home/<name>/` segment is redacted too, because an offline diagnosis can
 * show paths of another machine.
 */
import { homedir, hostname, userInfo } from 'node:os';

export interface Identity {
  readonly user: string | null;
  readonly home: string | null;
  readonly host: string | null;
}

export const REDACTED = { user: '<user>', home: '~', host: '<host>' } as const;

/** The identity of the running user, each part null where the OS does not tell. */
export function currentIdentity(): Identity {
  let user: string | null;
  try {
    user = userInfo().username || null;
  } catch {
    // userInfo() throws when the user has no entry in the password database (some containers).
    user = null;
  }
  return { user, home: homedir() || null, host: hostname() || null };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that redacts one string; built once per report. */
export function redactor(identity: Identity): (text: string) => string {
  const steps: [RegExp, string][] = [];
  const home = identity.home && identity.home.length > 1 ? identity.home.replace(/[\\/]+$/, '') : null;
  if (home) {
    // The same home written with either separator, in any case on Windows-style paths.
    const pattern = escapeRegExp(home).replace(/\\\\|\//g, '[\\\\/]');
    steps.push([new RegExp(pattern, /^[A-Za-z]:/.test(home) ? 'gi' : 'g'), REDACTED.home]);
  }
  steps.push([/([A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+)[^\\/"'<>\r\n|]+/gi, `$1${REDACTED.user}`]);
  steps.push([/(\/(?:home|Users)\/)[^/\s"'<>|]+/g, `$1${REDACTED.user}`]);
  if (identity.host && identity.host.length >= 2) {
    steps.push([new RegExp(`(?<![\\w.-])${escapeRegExp(identity.host)}(?![\\w-])`, 'gi'), REDACTED.host]);
  }
  if (identity.user && identity.user.length >= 2) {
    steps.push([new RegExp(`(?<![\\w.-])${escapeRegExp(identity.user)}(?![\\w-])`, 'g'), REDACTED.user]);
  }
  return (text) => steps.reduce((acc, [rx, replacement]) => acc.replace(rx, replacement), text);
}

/** A deep copy of `value` with every string redacted (object keys included). */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [redact(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
