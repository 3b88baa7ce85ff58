// Types that cross to the wizard: no Node imports here.

/** The whole dependency graph of one compiled module (loadGraph), JSON-safe. */
export interface LoadGraph {
  /** The id of the module itself. */
  readonly root: string;
  /** The folders the loader searches, in order, each with the step that adds it (RUNPATH, ld.so.cache, ...). */
  readonly searchPath: readonly { readonly path: string; readonly step: string }[];
  readonly nodes: readonly {
    readonly id: string;
    readonly name: string;
    /** Null when it was not found (or is a system library not read). */
    readonly path: string | null;
    /** The search step that found it, or how it resolved otherwise ('already-loaded', ...). */
    readonly foundBy: string | null;
    readonly missing: boolean;
  }[];
  /** `from` needs `to` under the name `importName`; the symbols the found file lacks. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly importName: string; readonly missingSymbols: readonly string[] }[];
}
