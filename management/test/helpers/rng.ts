/** Seeded PRNG (mulberry32) so failing cases replay. */
import type { Rng } from '../../../core/routing/train/rng.js';
export type { Rng } from '../../../core/routing/train/rng.js';
export { seededRng as seeded } from '../../../core/routing/train/rng.js';

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
