/**
 * Cluster assignment with the native kernels: the rules of core/routing/assign.ts
 * (which documents them), instantiated over the addon's kernels. The kernels keep the same
 * arithmetic order, so results are bit-identical; the differential tests hold the two together.
 */
import { makeAssigners } from '../core/routing/assign.js';
import { argmax, argmin, dotRows, softmax, squaredDistances } from './kernels.js';

export type { Assignment } from '../core/routing/assign.js';

export const { assignFromDistances, assignLearnedMap, assignCluster } = makeAssigners({ squaredDistances, dotRows, argmin, argmax, softmax });
