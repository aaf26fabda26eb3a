/**
 * The management server's own environment (`<dataDir>/management`): datasets, samples,
 * clustering runs and the run -> cluster -> trace map. Only this process writes it.
 */
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { LMDB_PRIVATE_OPTIONS, mkdirPrivate, privateLmdbFiles } from '../../../core/contract/private-files.js';

export const MANAGEMENT_ENV_DIR = 'management';

export type DatasetKey = [string, string]; // [tenant, dataset_id]
export type SampleKey = [string, string, string]; // [tenant, dataset_id, sample_id]
export type ClusterTraceKey = [string, number, string]; // [run_id, cluster_id, trace_id]

export class ManagementEnv {
  readonly root: RootDatabase;
  readonly datasets: Database<unknown, DatasetKey>;
  readonly samples: Database<unknown, SampleKey>;
  readonly runs: Database<unknown, string>;
  readonly clusterTraces: Database<Buffer, ClusterTraceKey>;

  constructor(dataDir: string) {
    const path = join(dataDir, MANAGEMENT_ENV_DIR);
    // Datasets hold prompts: files 0600, directories 0700 whatever the umask.
    mkdirPrivate(path);
    this.root = open({ path, maxDbs: 16, mapSize: 16 * 1024 ** 3, ...LMDB_PRIVATE_OPTIONS });
    privateLmdbFiles(path);
    const rec = { encoding: 'msgpack', compression: true } as const;
    this.datasets = this.root.openDB<unknown, DatasetKey>('datasets', rec);
    this.samples = this.root.openDB<unknown, SampleKey>('samples', rec);
    this.runs = this.root.openDB<unknown, string>('clustering_runs', rec);
    this.clusterTraces = this.root.openDB<Buffer, ClusterTraceKey>('cluster_traces', { encoding: 'binary', compression: false });
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
