import { useTranslation } from 'react-i18next';
import type { Evidence } from '../../../app/diagnosis/types';
import { assertNever } from '../../wizard/assert-never';
import { CopyablePath, PathText } from '../path-text';
import { DependencyTree } from './dependency-tree';
import { ImportTimeline } from './import-timeline';
import { SearchStep } from './search-step';
import { useEngineText } from '../../i18n/engine-text';

/** Every fact behind a cause, each shown the way it is best read. */
export function EvidenceList({ evidence }: { readonly evidence: readonly Evidence[] }) {
  const { said } = useEngineText();
  return (
    <ul className="evidence">
      {evidence.map((item, index) => (
        <li key={index}>
          <p className="evidence-summary">{said(item, 'summary')}</p>
          <EvidenceDetail item={item} all={evidence} />
        </li>
      ))}
    </ul>
  );
}

function EvidenceDetail({ item, all }: { readonly item: Evidence; readonly all: readonly Evidence[] }) {
  const { t } = useTranslation();
  const { said } = useEngineText();
  switch (item.kind) {
    case 'error-text':
      return item.summary.includes(item.text.trim()) ? null : <pre className="quote">{item.text.slice(-4000)}</pre>;
    case 'import-test': {
      // The summary already quotes the error line; show it once.
      const line = item.ok ? t('evidence.importWorks', { module: item.module }) : `${item.exceptionType ?? 'Error'}: ${item.message ?? ''}`;
      return item.summary.includes(item.message ?? line) ? null : <p className="muted">{line}</p>;
    }
    case 'dependency-chain':
      return <DependencyTree links={item.links} missing={item.missing} evidence={all} />;
    case 'search-path':
      return (
        <ol className="search-path" aria-label={t('evidence.searchOrder', { library: item.library })}>
          {item.directories.map((dir, i) => (
            <li key={`${i}:${dir.path}`} className={dir.contains ? 'search-hit' : undefined}>
              <SearchStep step={dir.step} /> <CopyablePath path={dir.path} /> {dir.contains && <span className="badge badge-ok">{t('evidence.hasLibrary', { library: item.library })}</span>}
            </li>
          ))}
        </ol>
      );
    case 'missing-symbols':
      return (
        <div>
          <p className="muted">{t('evidence.needsFrom')}</p>
          <p><CopyablePath path={item.importer} /> → <CopyablePath path={item.provider} /></p>
          <ul className="symbols">
            {item.symbols.map((s) => <li key={s}><code>{s}</code></li>)}
            {item.ordinals.map((o) => <li key={`#${o}`}><code>{t('evidence.ordinal', { ordinal: o })}</code></li>)}
            {item.versions.map((v) => <li key={`v${v}`}><code>{v}</code></li>)}
          </ul>
        </div>
      );
    case 'architecture':
      return <p className="muted"><PathText path={item.file} /> {t('evidence.architecture', { machine: item.machine, expected: item.expectedMachine })}</p>;
    case 'file-owner':
      return <p className="muted"><PathText path={item.owner.path} /> {item.owner.package ? t('evidence.owner', { package: item.owner.package, version: item.owner.version ?? '', manager: item.owner.manager }) : t('evidence.ownerNone')}</p>;
    case 'shadowing':
      return (
        <p className="muted">
          {t('evidence.loaded')} <CopyablePath path={item.winner} /> <SearchStep step={item.winnerStep} />
          {item.intended && <> · {t('evidence.meant')} <CopyablePath path={item.intended} /></>}
        </p>
      );
    case 'package-metadata':
      return (
        <dl className="facts">
          <dt>{t('evidence.package')}</dt><dd>{item.package} {item.version ?? ''}</dd>
          <dt>{t('evidence.installedBy')}</dt><dd>{item.managers.join(t('evidence.and')) || t('evidence.unknown')}</dd>
          {item.wheelTags.length > 0 && <><dt>{t('evidence.wheelTags')}</dt><dd><code>{item.wheelTags.join(', ')}</code></dd></>}
        </dl>
      );
    case 'python-abi':
      return <p className="muted"><PathText path={item.file} /> {t('evidence.abi', { builtFor: item.builtFor, running: item.running })}</p>;
    case 'health-check': {
      // A health issue's sentence is its summary too (shown above, in the reader's language): only the other details are listed.
      const details = item.details.filter((d) => d !== item.summary);
      return details.length > 0 ? <ul className="muted">{details.map((d) => <li key={d}>{d}</li>)}</ul> : null;
    }
    case 'known-issue':
    case 'runtime-version':
      return (
        <ul className="muted">
          {item.sources.map((s) => <li key={s}>{s.startsWith('https://') ? <a href={s} target="_blank" rel="noreferrer">{s}</a> : s}</li>)}
        </ul>
      );
    case 'import-timeline':
      return <ImportTimeline item={item} />;
    case 'host-fact':
      return <p className="muted">{t('hostFacts.evidenceSource', { source: said(item, 'source') })}</p>;
    default:
      return assertNever(item);
  }
}
