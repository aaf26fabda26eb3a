/** Paths for the routing tests (they run from dist/, fixtures stay in the source tree). */
import { resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const distIdx = here.lastIndexOf('/dist/');
export const REPO = distIdx >= 0 ? here.slice(0, distIdx) : resolve(here, '../../..');
export const FIXTURES = resolve(REPO, 'core/test/fixtures/weights');
export const OPENTRACY = resolve(REPO, 'datasets/opentracy-weights-mmlu-v1');
export const DEFAULT_WEIGHTS = resolve(REPO, 'models/router-default');
