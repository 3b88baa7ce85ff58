// The repair engine's types that cross to the wizard: no Node imports here.
import type { PackageManager, Remedy } from '../diagnosis/types';
import type { ActionLog } from '../report/schema';
import type { MessageRef } from '../messages';

import type { VersionOffer } from '../package-index/version-offer';

export type { VersionOffer };

export interface VersionOffers {
  readonly package: string;
  readonly manager: 'pip' | 'conda';
  /** Where the versions came from: the index URL, or "conda search". */
  readonly source: string;
  /** Newest first. */
  readonly versions: readonly VersionOffer[];
}

/** A package the manager removes or breaks along with the repaired one, and that comes back. */
export interface DependentToReinstall {
  readonly name: string;
  readonly version: string | null;
  readonly manager: PackageManager;
  /** Why it is affected, in plain words ("requires Pillow", "removed by conda with pillow"). */
  readonly reason: string;
  /** The message behind `reason`, for the wizard's language. */
  readonly messages?: { readonly reason: MessageRef };
}

/** One step of a plan: a command run as an argument array (never through a shell), or a file move. */
export type PlanStep =
  | {
      readonly id: string;
      readonly kind: 'command';
      readonly title: string;
      /** The message behind `title`, for the wizard's language. */
      readonly messages?: { readonly title: MessageRef };
      readonly argv: readonly string[];
      /**
       * What this step changes, from its own dry run with exactly these arguments (pip) or from the
       * installed set (an uninstall); null when the dry run failed, absent for steps previewed
       * otherwise (conda). After the step the installed set is compared with it.
       */
      readonly expect?: readonly PlannedChange[] | null;
      /** The manager's own dry run of this step failed (conda's error): the step is not runnable, and this says why. */
      readonly previewError?: string;
    }
  | { readonly id: string; readonly kind: 'move-file'; readonly title: string; readonly messages?: { readonly title: MessageRef }; readonly from: string; readonly to: string };

/** What a dry run says would change: package versions before and after (null: absent). */
export interface PlannedChange {
  readonly package: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** Everything the user sees and confirms before anything runs. */
export interface RepairPlan {
  readonly id: string;
  readonly python: string;
  /** The environment's identity (real path of sys.prefix, or the folder of an offline one): locks and snapshots are keyed on it. */
  readonly environment?: string;
  /** False for an environment examined offline (a copied Windows folder): nothing runs here. Absent: true. */
  readonly runsHere?: boolean;
  /** For an offline environment: the commands to run on its own machine, copyable, previews first. */
  /** check: the command that imports the module afterwards, on that machine, to see the fix worked. */
  /** home: the folder on that machine the commands use (null: they run from inside it). */
  readonly elsewhere?: { readonly where: string; readonly messages?: { readonly where: MessageRef }; readonly commands: readonly string[]; readonly check?: string | null; readonly home?: string | null } | null;
  readonly remedy: Remedy;
  readonly manager: 'pip' | 'conda' | 'files';
  readonly steps: readonly PlanStep[];
  readonly dependents: readonly DependentToReinstall[];
  /**
   * Packages that require the one a plan puts back at the same version: not reinstalled, because
   * nothing they need from it changes; listed so the user sees them and why none is reinstalled.
   */
  readonly unchangedDependents?: readonly DependentToReinstall[];
  /** From the manager's own dry run (pip install --dry-run --report, conda --dry-run --json). */
  readonly changes: readonly PlannedChange[];
  /** The environment cannot be changed by this user (e.g. under Program Files): what they can do. */
  readonly permission:
    | { readonly writable: true }
    | {
        readonly writable: false;
        readonly message: string;
        readonly choices: readonly string[];
        /** The messages behind `message` and each of `choices`, for the wizard's language. */
        readonly messages?: { readonly message: MessageRef };
        readonly choiceMessages?: readonly MessageRef[];
      };
  readonly warnings: readonly string[];
  /** The message behind each warning, where it has one, for the wizard's language. */
  readonly warningMessages?: readonly MessageRef[];
  /** Why the plan cannot run at all (a step's dry run failed); absent when it can. */
  readonly blocked?: string | null;
  /** The message behind `blocked`, for the wizard's language. */
  readonly messages?: { readonly blocked: MessageRef };
}

/** What the user chose on the fix step, turned into a plan by the engine. */
export interface PlanRequest {
  readonly python: string;
  /** The environment's folder as the diagnosis found it (needed for an offline environment). */
  readonly prefix?: string;
  readonly remedy: Remedy;
  /** Overrides of the remedy's own choice. */
  readonly manager?: 'pip' | 'conda';
  readonly version?: string;
  /** Names of dependents to reinstall (the plan proposes them all; the user may untick some). */
  readonly reinstall?: readonly string[];
  /** The module the fix is for (a dotted name), imported afterwards to check it. */
  readonly checkModule?: string | null;
  /** For an offline environment: its folder on its own Windows machine, used in the commands for there. */
  readonly home?: string | null;
}

/** The end of an applied plan (or of a rollback). */
export interface RepairOutcome {
  readonly status: 'fixed' | 'not-fixed' | 'failed-and-rolled-back' | 'failed' | 'cancelled';
  /** A plain sentence on what happened and the state the environment is in now. */
  readonly summary: string;
  /** The message behind `summary`, for the wizard's and the report's language. */
  readonly messages?: { readonly summary: MessageRef };
  /** Taken before anything changed; `rollback` restores it. */
  readonly snapshotId: string | null;
  readonly actions: readonly ActionLog[];
  /** The import test after the repair (null when it did not get that far). */
  readonly importWorks: boolean | null;
  /**
   * The package versions that differ from the snapshot once the commands ran, read from the
   * environment (not the plan's expectation: a reinstall of the same version changes none).
   */
  readonly changes?: readonly PlannedChange[];
  /**
   * The packages installed again at the version they had (their RECORD written anew, read from the
   * site folders): files changed, no version did. Absent in outcomes of earlier versions.
   */
  readonly reinstalled?: readonly { readonly package: string; readonly version: string }[];
}

/** A repair that was under way when the app stopped (its lock and journal remain). */
export interface UnfinishedRepair {
  readonly python: string;
  readonly snapshotId: string | null;
  readonly remedyTitle: string;
  /** The message behind `remedyTitle` (absent in locks written before messages existed). */
  readonly messages?: { readonly remedyTitle: MessageRef };
  readonly startedAt: string;
}
