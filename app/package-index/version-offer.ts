/** A version offer as the page shows it: a type only, so the renderer's checks never reach the index client. */
/** One version of a package the user may install, as the wizard's version picker shows it. */
export interface VersionOffer {
  readonly version: string;
  /** A wheel this interpreter can install exists (its tags match), or conda has a build. */
  readonly installable: boolean;
  /** Only a source distribution fits: installing would compile (and likely fail on Windows). */
  readonly needsSourceBuild: boolean;
  /** The knowledge base names this version as the known-good one for the diagnosed failure. */
  readonly knownGood: boolean;
  readonly installed: boolean;
  readonly yanked: boolean;
}
