/**
 * What a ranking rule is given: the rank input, the remedy ids, the file owners, and the builder's
 * add(), which merges a draft into one with the same key.
 */
import type { Draft } from '../cause-draft';
import type { OwnerIndex } from '../facts/ownership';
import type { RankInput } from '../rank-input';
import type { RemedyIds } from '../remedies';

export interface RankContext {
  readonly input: RankInput;
  readonly ids: RemedyIds;
  readonly owners: OwnerIndex;
  add(draft: Draft): void;
}
