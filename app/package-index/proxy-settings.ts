/**
 * Which proxy pip would use for an index URL, decided the way pip decides it, so the version lookup
 * goes where pip goes:
 * - pip's own proxy (`--proxy`, PIP_PROXY, `proxy =` in pip's config) serves every http and https
 *   request, and then pip ignores the proxy environment variables and NO_PROXY altogether
 *   (pip/_internal/cli/index_command.py `_build_session`: `session.trust_env = False`, since
 *   pypa/pip#11091; pip 23.2 and older let the variables win);
 * - otherwise the environment, as requests reads it: `https_proxy`/`http_proxy` by the URL's scheme,
 *   then `all_proxy`, the lowercase name over the uppercase one, NO_PROXY (`no_proxy` first)
 *   matched as requests' `should_bypass_proxies` and urllib's `proxy_bypass_environment` match it.
 * https://pip.pypa.io/en/stable/user_guide/#using-a-proxy-server
 */
import { isIPv4 } from 'node:net';
import { pipConfigValue } from './pip-config';

/** The proxy settings pip has: its own proxy, or else the environment's variables. */
export interface ProxySettings {
  /** pip's own proxy and where it was set (`PIP_PROXY`, `pip config global.proxy`), or null. */
  readonly pip: { readonly value: string; readonly source: string } | null;
  /** The proxy environment variables that are set, by name as written (`https_proxy`, `NO_PROXY`). */
  readonly env: Readonly<Record<string, string>>;
}

/** The proxy one request goes through, with where it was configured (to name in an error). */
export interface ChosenProxy {
  /** The proxy's URL, credentials included: for the connection only, never for words. */
  readonly url: URL;
  /** The proxy as it may be shown: scheme, host and port, never its user or password. */
  readonly place: string;
  /** The setting it came from: `PIP_PROXY`, `pip config global.proxy`, `https_proxy`, ... */
  readonly source: string;
}

const PROXY_VARIABLE = /^(https?|all|no)_proxy$/i;

/** pip's proxy settings: PIP_PROXY over pip's config (an empty value is no proxy, as in pip), and the proxy variables. */
export function proxySettingsFrom(env: NodeJS.ProcessEnv, configList: string): ProxySettings {
  const fromEnv = env.PIP_PROXY;
  const section = /^install\.proxy=/m.test(configList) ? 'install' : 'global';
  const configured = pipConfigValue(configList, 'proxy');
  const pip = fromEnv !== undefined ? (fromEnv ? { value: fromEnv, source: 'PIP_PROXY' } : null) : configured ? { value: configured, source: `pip config ${section}.proxy` } : null;
  const variables = Object.entries(env).filter((entry): entry is [string, string] => PROXY_VARIABLE.test(entry[0]) && entry[1] !== undefined);
  return { pip, env: Object.fromEntries(variables) };
}

/** A proxy variable as urllib reads it: the lowercase name wins, even when empty (which unsets it). */
function variable(env: Readonly<Record<string, string>>, lower: string): { value: string; source: string } | null {
  if (env[lower] !== undefined) return env[lower] ? { value: env[lower], source: lower } : null;
  const upper = lower.toUpperCase();
  return env[upper] ? { value: env[upper], source: upper } : null;
}

/** A proxy value as a URL: requests adds `http://` to `host:port` (pip's documented form). */
export function proxyUrl(value: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme);
  } catch {
    return null;
  }
}

/** A proxy in words that can be shown and logged: scheme, host and port, without its user or password. */
export function proxyPlace(url: URL | null): string {
  return url ? `${url.protocol}//${url.host}` : 'the configured proxy';
}

function inNetwork(ip: string, cidr: string): boolean {
  const [network = '', bits = ''] = cidr.split('/');
  const size = Number(bits);
  if (!isIPv4(network) || !/^\d+$/.test(bits) || size > 32) return false;
  const value = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  // Bitwise operators would turn 32-bit numbers negative: compare the network parts by division.
  const part = (address: string) => Math.floor(value(address) / 2 ** (32 - size));
  return part(ip) === part(network);
}

/** Whether NO_PROXY sends this URL straight to its host, as requests and urllib decide it. */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const entries = noProxy.replace(/ /g, '').split(',').filter(Boolean);
  if (entries.includes('*')) return true;
  if (isIPv4(host)) {
    if (entries.some((entry) => (entry.includes('/') ? inNetwork(host, entry) : entry === host))) return true;
  } else {
    // requests: a plain suffix of the host, or of host:port when the URL names a port.
    const withPort = url.port ? `${host}:${url.port}` : host;
    if (entries.some((entry) => host.endsWith(entry) || withPort.endsWith(entry))) return true;
  }
  // urllib: the host itself or a subdomain of an entry, leading dots ignored, any case.
  return entries.some((entry) => {
    const name = entry.replace(/^\.+/, '').toLowerCase();
    return name !== '' && (host === name || host.endsWith(`.${name}`));
  });
}

/** The proxy pip would send a request for this URL through, or null for a direct connection. */
export function proxyFor(url: URL, settings: ProxySettings): ChosenProxy | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (settings.pip) {
    const parsed = proxyUrl(settings.pip.value);
    return parsed ? { url: parsed, place: proxyPlace(parsed), source: settings.pip.source } : { url: new URL('invalid://proxy'), place: proxyPlace(null), source: settings.pip.source };
  }
  const noProxy = variable(settings.env, 'no_proxy');
  if (noProxy && bypassesProxy(url, noProxy.value)) return null;
  const chosen = variable(settings.env, `${url.protocol.slice(0, -1)}_proxy`) ?? variable(settings.env, 'all_proxy');
  if (!chosen) return null;
  const parsed = proxyUrl(chosen.value);
  return { url: parsed ?? new URL('invalid://proxy'), place: proxyPlace(parsed), source: chosen.source };
}
