import type { DependencyLink } from '../../../app/diagnosis/types';
import { PathText } from '../path-text';

/**
 * The libraries a module loads, as an expandable tree: each node is a file, its children what it
 * needs. A dependency that resolved nowhere is marked missing. Repeats are shown once (cycles end).
 */
export function DependencyTree({ links, missing }: { readonly links: readonly DependencyLink[]; readonly missing: string | null }) {
  const root = links[0]?.file;
  if (!root) return <p className="muted">No dependencies were resolved.</p>;
  return (
    <ul className="tree" role="tree" aria-label="Dependency tree">
      <TreeNode file={root} links={links} missing={missing} seen={new Set()} depth={0} />
    </ul>
  );
}

function TreeNode({ file, links, missing, seen, depth }: { readonly file: string; readonly links: readonly DependencyLink[]; readonly missing: string | null; readonly seen: Set<string>; readonly depth: number }) {
  const children = links.filter((l) => l.file === file);
  const repeat = seen.has(file);
  const nextSeen = new Set(seen).add(file);
  const label = <PathText path={file} max={72} />;
  if (children.length === 0 || repeat || depth > 32) {
    return <li role="treeitem" aria-selected={false}>{label}{repeat && <span className="muted"> (shown above)</span>}</li>;
  }
  return (
    <li role="treeitem" aria-selected={false} aria-expanded={depth < 2}>
      <details open={depth < 2}>
        <summary>{label}</summary>
        <ul role="group">
          {children.map((link) =>
            link.resolvedPath ? (
              <TreeNode key={`${link.needs}:${link.resolvedPath}`} file={link.resolvedPath} links={links} missing={missing} seen={nextSeen} depth={depth + 1} />
            ) : (
              <li key={link.needs} role="treeitem" aria-selected={false} className="tree-missing">
                <code>{link.needs}</code> <span className="badge badge-bad">{link.needs === missing ? 'missing: cause' : 'missing'}</span>
              </li>
            ),
          )}
        </ul>
      </details>
    </li>
  );
}
