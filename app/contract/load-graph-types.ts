// Types that cross to the wizard: no Node imports here.
export type { LoadGraph } from '../diagnosis/load-graph-types';
