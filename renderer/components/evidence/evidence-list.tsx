import type { Evidence } from '../../../app/diagnosis/types';
import { assertNever } from '../../wizard/assert-never';
import { PathText } from '../path-text';
import { DependencyTree } from './dependency-tree';

/** Every fact behind a cause, each shown the way it is best read. */
export function EvidenceList({ evidence }: { readonly evidence: readonly Evidence[] }) {
  return (
    <ul className="evidence">
      {evidence.map((item, index) => (
        <li key={index}>
          <p className="evidence-summary">{item.summary}</p>
          <EvidenceDetail item={item} />
        </li>
      ))}
    </ul>
  );
}

function EvidenceDetail({ item }: { readonly item: Evidence }) {
  switch (item.kind) {
    case 'error-text':
      return <pre className="quote">{item.text.slice(-4000)}</pre>;
    case 'import-test':
      return <p className="muted">{item.ok ? `import ${item.module} works` : `${item.exceptionType ?? 'Error'}: ${item.message ?? ''}`}</p>;
    case 'dependency-chain':
      return <DependencyTree links={item.links} missing={item.missing} />;
    case 'search-path':
      return (
        <ol className="search-path" aria-label={`Where the loader looks for ${item.library}, in order`}>
          {item.directories.map((dir, i) => (
            <li key={`${i}:${dir.path}`} className={dir.contains ? 'search-hit' : undefined}>
              <PathText path={dir.path} /> <span className="muted">({dir.step})</span> {dir.contains && <span className="badge badge-ok">has {item.library}</span>}
            </li>
          ))}
        </ol>
      );
    case 'missing-symbols':
      return (
        <div>
          <p className="muted"><PathText path={item.importer} /> needs from <PathText path={item.provider} />:</p>
          <ul className="symbols">
            {item.symbols.map((s) => <li key={s}><code>{s}</code></li>)}
            {item.ordinals.map((o) => <li key={`#${o}`}><code>ordinal {o}</code></li>)}
            {item.versions.map((v) => <li key={`v${v}`}><code>{v}</code></li>)}
          </ul>
        </div>
      );
    case 'architecture':
      return <p className="muted"><PathText path={item.file} /> is {item.machine}; this Python needs {item.expectedMachine}.</p>;
    case 'file-owner':
      return <p className="muted"><PathText path={item.owner.path} /> belongs to {item.owner.package ?? 'no package'} {item.owner.version ?? ''} (installed by {item.owner.manager}).</p>;
    case 'shadowing':
      return (
        <p className="muted">
          Loaded: <PathText path={item.winner} /> ({item.winnerStep}){item.intended && <> · meant: <PathText path={item.intended} /></>}
        </p>
      );
    case 'package-metadata':
      return (
        <dl className="facts">
          <dt>Package</dt><dd>{item.package} {item.version ?? ''}</dd>
          <dt>Installed by</dt><dd>{item.managers.join(' and ') || 'unknown'}</dd>
          {item.wheelTags.length > 0 && <><dt>Wheel tags</dt><dd><code>{item.wheelTags.join(', ')}</code></dd></>}
        </dl>
      );
    case 'python-abi':
      return <p className="muted"><PathText path={item.file} /> was built for {item.builtFor}; this environment runs {item.running}.</p>;
    case 'health-check':
      return item.details.length > 0 ? <ul className="muted">{item.details.map((d) => <li key={d}>{d}</li>)}</ul> : null;
    case 'known-issue':
      return (
        <ul className="muted">
          {item.sources.map((s) => <li key={s}>{s.startsWith('https://') ? <a href={s} target="_blank" rel="noreferrer">{s}</a> : s}</li>)}
        </ul>
      );
    default:
      return assertNever(item);
  }
}
