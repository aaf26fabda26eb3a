/** Child-process entry of the fallback test: prints { active, reason, digest } as JSON. */
import { nativeStatus } from '../index.js';
import { digest } from './digest.js';

const status = nativeStatus();
process.stdout.write(JSON.stringify({ ...status, digest: await digest() }) + '\n');
