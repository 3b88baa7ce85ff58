import { useTranslation } from 'react-i18next';
import type { DependencyLink, Evidence } from '../../../app/diagnosis/types';
import { useDoctor } from '../../store/store-context';
import { canShowWholeGraph, dependencyTree, graphAsLinks, type DependencyNode } from '../../wizard/dependency-nodes';
import { ErrorNotice } from '../error-notice';
import { Icon } from '../icon';
import { baseName, CopyablePath } from '../path-text';
import { SearchStep } from './search-step';

/**
 * The libraries a module loads, as a collapsible tree: each node a file with the step that found
 * it, its children what it needs. The failing files and the way down to them are marked and open;
 * a library that lacks functions lists them on its own node.
 */
export function DependencyTree({ links, missing, evidence }: { readonly links: readonly DependencyLink[]; readonly missing: string | null; readonly evidence: readonly Evidence[] }) {
  const { t } = useTranslation();
  const file = links[0]?.file ?? '';
  const graph = useDoctor((s) => s.loadGraphs[file]);
  const showGraph = useDoctor((s) => s.showLoadGraph);
  const whole = graph?.status === 'ready' && graph.value ? graphAsLinks(graph.value) : null;
  const root = whole ? dependencyTree(whole.links, missing, [...evidence, ...whole.marks]) : dependencyTree(links, missing, evidence);
  if (!root) return <p className="muted">{t('tree.empty')}</p>;
  // The whole graph comes from the loader simulation on request (Linux, Windows, a copied Windows folder).
  const canShowAll = canShowWholeGraph(file);
  const none = graph?.status === 'ready' && graph.value === null;
  return (
    <div className="tree-box">
      <ul className="tree" role="tree" aria-label={whole ? t('tree.labelAll') : t('tree.label')}>
        <TreeNode node={root} depth={0} />
      </ul>
      {none && <p className="muted">{t('tree.noWholeGraph')}</p>}
      {canShowAll && !whole && !none && (
        <button type="button" className="secondary" disabled={graph?.status === 'loading'} onClick={() => void showGraph(file)}>
          {graph?.status === 'loading' ? t('tree.loadingAll') : t('tree.showAll')}
        </button>
      )}
      {graph?.status === 'failed' && <ErrorNotice {...graph} />}
      {whole && graph?.status === 'ready' && graph.value && (
        <details className="tree-search">
          <summary>{t('tree.searchOrder', { count: graph.value.searchPath.length })}</summary>
          <ol className="search-path">
            {graph.value.searchPath.map((dir, i) => (
              <li key={`${i}:${dir.path}`}>
                <SearchStep step={dir.step} /> <CopyablePath path={dir.path} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

function TreeNode({ node, depth }: { readonly node: DependencyNode; readonly depth: number }) {
  const { t } = useTranslation();
  const own = node.missing || node.lacks.length > 0 || node.satisfiedBy !== null || node.wrongMachine !== null;
  const row = (
    <span className={`tree-row ${own ? 'tree-bad' : node.failing ? 'tree-on-path' : ''}`}>
      <Icon name={own ? 'problem' : node.failing ? 'warning' : 'ok'} />
      <strong className="tree-name">{baseName(node.file)}</strong>
      {node.missing && <span className="badge badge-problem">{t('tree.notFound')}</span>}
      {!node.missing && node.failing && !own && <span className="badge badge-warning">{t('tree.leadsToProblem')}</span>}
      {node.foundBy && <SearchStep step={node.foundBy} />}
      {node.owner?.package && <span className="muted">{t('tree.ownedBy', { package: node.owner.package, version: node.owner.version ?? '' })}</span>}
      {node.repeat && <span className="muted">{t('tree.shownAbove')}</span>}
    </span>
  );
  const details = (
    <>
      {/* A system DLL resolved without a file (KnownDLLs, an API set, a copied folder's missing System32) has no path to show. */}
      {!node.missing && /[\\/]/.test(node.file) && <div className="tree-path"><CopyablePath path={node.file} /></div>}
      {node.lacks.length > 0 && (
        <div className="tree-lacks">
          <span>{t('tree.lacks', { count: node.lacks.length })}</span>
          <ul className="symbols">{node.lacks.map((s) => <li key={s}><code>{s}</code></li>)}</ul>
        </div>
      )}
      {node.satisfiedBy && (
        <div className="tree-satisfied">
          {t('tree.satisfiedBy')} <CopyablePath path={node.satisfiedBy} />
        </div>
      )}
      {node.wrongMachine && !node.missing && <div className="tree-lacks">{t('tree.wrongMachine', { machine: node.wrongMachine.machine, expected: node.wrongMachine.expected })}</div>}
      {node.wrongMachine && node.missing && (
        <div className="tree-lacks">
          {t('tree.skippedWrongMachine', { machine: node.wrongMachine.machine, expected: node.wrongMachine.expected })} <CopyablePath path={node.wrongMachine.file} />
        </div>
      )}
      {node.missing && !node.wrongMachine && <div className="muted">{t('tree.missingWhere')}</div>}
    </>
  );
  if (node.children.length === 0) {
    return (
      <li role="treeitem" aria-selected={false} className="tree-leaf">
        {row}
        {details}
      </li>
    );
  }
  const open = node.failing || depth < 1;
  return (
    <li role="treeitem" aria-selected={false} aria-expanded={open}>
      <details open={open}>
        <summary>{row}</summary>
        {details}
        <ul role="group">
          {node.children.map((child, index) => <TreeNode key={`${index}:${child.file}`} node={child} depth={depth + 1} />)}
        </ul>
      </details>
    </li>
  );
}
