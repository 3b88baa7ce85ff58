// Types that cross to the wizard: no imports here (the renderer's type check loads this file).

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
  /**
   * Files built for another CPU than the interpreter (the module itself, a dependency, or a file of
   * a missing DLL's name the loader skipped for that reason): what makes the load fail with 193 / 126.
   */
  readonly wrongMachine: readonly { readonly file: string; readonly machine: string; readonly expected: string }[];
  /** `from` needs `to` under the name `importName`; the symbols the found file lacks. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly importName: string; readonly missingSymbols: readonly string[] }[];
}
