import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../app/api/load-graph';

// Debian's Python ships its ssl module as a real ELF extension that needs libssl and libcrypto.
const dynload = '/usr/lib/python3.11/lib-dynload';
const ssl = existsSync(dynload) ? readdirSync(dynload).find((f) => f.startsWith('_ssl.')) : undefined;

describe('the whole load graph of a Linux module', () => {
  it.skipIf(!ssl)('lists every library the module loads, each with the search step that found it', async () => {
    const graph = await loadGraph('/usr/bin/python3', path.join(dynload, ssl ?? ''), {});
    expect(graph).not.toBeNull();
    const libssl = graph?.nodes.find((n) => n.name.startsWith('libssl.so'));
    expect(libssl).toMatchObject({ missing: false, foundBy: 'ld.so.cache' });
    expect(graph?.edges.some((e) => e.from === graph.root && e.to === libssl?.id)).toBe(true);
    // libssl needs libcrypto: the graph goes below the first level.
    const libcrypto = graph?.nodes.find((n) => n.name.startsWith('libcrypto.so'));
    expect(graph?.edges.some((e) => e.from === libssl?.id && e.to === libcrypto?.id)).toBe(true);
    expect(graph?.searchPath.some((d) => d.step === 'ld.so.cache')).toBe(true);
  });

  it('says plainly when the file is no compiled module', async () => {
    await expect(loadGraph('/usr/bin/python3', '/etc/passwd', {})).rejects.toMatchObject({ code: 'unreadable-module' });
  });
});
