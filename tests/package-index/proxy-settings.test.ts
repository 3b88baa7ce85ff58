import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyFor, proxySettingsFrom } from '../../app/package-index/proxy-settings';

// Each NO_PROXY and variable case below was checked against pip 23.2.1's vendored requests
// (pip._vendor.requests.utils.should_bypass_proxies, get_environ_proxies) on Python 3.11.
const pypi = new URL('https://pypi.org/simple/pillow/');
const chosen = (url: URL, env: NodeJS.ProcessEnv, configList = '') => {
  const proxy = proxyFor(url, proxySettingsFrom(env, configList));
  return proxy && { url: proxy.url.href, place: proxy.place, source: proxy.source };
};

describe("pip's own proxy", () => {
  it('comes from PIP_PROXY over pip config, the install section over global (pip config list as pip prints it)', () => {
    const configList = "global.proxy='http://global.corp:3128'\ninstall.proxy='http://install.corp:3128'";
    expect(chosen(pypi, {}, configList)).toEqual({ url: 'http://install.corp:3128/', place: 'http://install.corp:3128', source: 'pip config install.proxy' });
    expect(chosen(pypi, {}, "global.proxy='http://global.corp:3128'")?.source).toBe('pip config global.proxy');
    expect(chosen(pypi, { PIP_PROXY: 'http://env.corp:8080' }, configList)?.source).toBe('PIP_PROXY');
  });

  it("takes pip's documented form [user:passwd@]proxy.server:port as http, and names it without the password", () => {
    expect(chosen(pypi, { PIP_PROXY: 'alice:s3cret@proxy.corp:8080' })).toEqual({ url: 'http://alice:s3cret@proxy.corp:8080/', place: 'http://proxy.corp:8080', source: 'PIP_PROXY' });
  });

  it('serves every host, NO_PROXY and the proxy variables ignored, as pip does once --proxy is set', () => {
    expect(chosen(new URL('http://127.0.0.1:8080/simple/'), { PIP_PROXY: 'http://proxy.corp:8080', NO_PROXY: '127.0.0.1', HTTPS_PROXY: 'http://other:1' })?.place).toBe('http://proxy.corp:8080');
  });

  it('is no proxy when PIP_PROXY is empty, which leaves the environment to decide (pip reads "" as unset)', () => {
    expect(chosen(pypi, { PIP_PROXY: '', HTTPS_PROXY: 'http://proxy.corp:8080' }, "global.proxy='http://global.corp:3128'")?.source).toBe('HTTPS_PROXY');
    expect(chosen(pypi, { PIP_PROXY: '' })).toBeNull();
  });

  it('never applies to a file: index', () => {
    expect(chosen(new URL('file:///opt/pypi/simple/pillow/'), { PIP_PROXY: 'http://proxy.corp:8080' })).toBeNull();
  });
});

describe('the proxy variables, as requests reads them', () => {
  it("picks the variable of the index's scheme, then all_proxy", () => {
    const env = { HTTP_PROXY: 'http://plain.corp:80', HTTPS_PROXY: 'http://secure.corp:443' };
    expect(chosen(pypi, env)?.source).toBe('HTTPS_PROXY');
    expect(chosen(new URL('http://mirror.corp/simple/'), env)?.source).toBe('HTTP_PROXY');
    expect(chosen(pypi, { HTTP_PROXY: 'http://plain.corp:80', ALL_PROXY: 'http://all.corp:3128' })?.source).toBe('ALL_PROXY');
    expect(chosen(pypi, { HTTP_PROXY: 'http://plain.corp:80' })).toBeNull();
  });

  it('prefers the lowercase name, and an empty lowercase one unsets the uppercase one', () => {
    expect(chosen(pypi, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })?.source).toBe('https_proxy');
    expect(chosen(pypi, { https_proxy: '', HTTPS_PROXY: 'http://upper:2' })).toBeNull();
    expect(chosen(pypi, { HTTPS_PROXY: 'http://proxy:1', no_proxy: '', NO_PROXY: 'pypi.org' })?.source).toBe('HTTPS_PROXY');
    expect(chosen(pypi, { HTTPS_PROXY: 'http://proxy:1', NO_PROXY: 'pypi.org' })).toBeNull();
  });
});

describe('NO_PROXY', () => {
  const bypass = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);

  it('matches a host, its subdomains with or without a leading dot, in any case', () => {
    expect(bypass('https://pypi.corp.example/simple/', 'corp.example')).toBe(true);
    expect(bypass('https://pypi.corp.example/simple/', '.corp.example')).toBe(true);
    expect(bypass('https://pypi.corp.example/simple/', 'localhost, .CORP.example')).toBe(true);
    expect(bypass('https://pypi.org/simple/', 'corp.example,localhost')).toBe(false);
  });

  it("matches host:port when the index names a port, and any host for '*'", () => {
    expect(bypass('http://mirror.corp:8080/simple/', 'mirror.corp:8080')).toBe(true);
    expect(bypass('http://mirror.corp:9090/simple/', 'mirror.corp:8080')).toBe(false);
    expect(bypass('https://pypi.org/simple/', '*')).toBe(true);
  });

  it('matches an IPv4 address exactly or by CIDR, as requests does', () => {
    expect(bypass('http://10.1.2.3:8080/simple/', '10.0.0.0/8')).toBe(true);
    expect(bypass('http://10.1.2.3:8080/simple/', '10.1.2.3')).toBe(true);
    expect(bypass('http://11.1.2.3:8080/simple/', '10.0.0.0/8,192.168.0.0/16')).toBe(false);
    expect(bypass('http://192.168.200.1/simple/', '192.168.0.0/16')).toBe(true);
  });
});
