/** Datasets and samples in the management environment. Sample ids are time-ordered (insertion order). */
import { newTraceId } from '../../../core/contract/trace-id.js';
import type { ManagementEnv } from '../store/management-env.js';
import type { Dataset, Sample, SampleInput } from './types.js';

const MAX_KEY = new Uint8Array([0xff]);

export function getDataset(env: ManagementEnv, tenant: string, id: string): Dataset | undefined {
  return env.datasets.get([tenant, id]) as Dataset | undefined;
}

export function listDatasets(env: ManagementEnv, tenant: string): Dataset[] {
  return [...env.datasets.getRange({ start: [tenant], end: [tenant, MAX_KEY] as unknown as [string, string] })].map((e) => e.value as Dataset);
}

export async function createDataset(env: ManagementEnv, tenant: string, p: { name: string; description: string; source: string; status?: string; rationale?: string }): Promise<Dataset> {
  const now = new Date().toISOString();
  const id = `ds_${newTraceId()}`;
  const ds: Dataset = { dataset_id: id, id, tenant_id: tenant, name: p.name, description: p.description, source: p.source, samples_count: 0, created_at: now, updated_at: now, status: p.status ?? 'active', rationale: p.rationale ?? '' };
  await env.datasets.put([tenant, id], ds);
  return ds;
}

const sampleRange = (tenant: string, id: string) => ({ start: [tenant, id] as unknown as [string, string, string], end: [tenant, id, MAX_KEY] as unknown as [string, string, string] });

/**
 * Adds samples and bumps samples_count in one transaction; returns the new samples. `within`
 * runs inside the same transaction (auto-collect records the traces it copied there, so a
 * crash never leaves samples without their marks or marks without samples).
 */
export async function addSamples(env: ManagementEnv, ds: Dataset, inputs: readonly SampleInput[], within?: () => void): Promise<Sample[]> {
  const now = new Date().toISOString();
  const samples = inputs.map((s): Sample => {
    const sid = `smp_${newTraceId()}`;
    return { sample_id: sid, id: sid, dataset_id: ds.dataset_id, tenant_id: ds.tenant_id, ...s, created_at: now };
  });
  await env.root.transaction(() => {
    const cur = getDataset(env, ds.tenant_id, ds.dataset_id);
    if (!cur) return;
    for (const s of samples) env.samples.put([ds.tenant_id, ds.dataset_id, s.sample_id], s);
    env.datasets.put([ds.tenant_id, ds.dataset_id], { ...cur, samples_count: cur.samples_count + samples.length, updated_at: now });
    within?.();
  });
  return samples;
}

export function listSamples(env: ManagementEnv, tenant: string, id: string, limit: number, offset: number): Sample[] {
  return [...env.samples.getRange({ ...sampleRange(tenant, id), limit, offset, snapshot: false })].map((e) => e.value as Sample);
}

export async function deleteSample(env: ManagementEnv, tenant: string, id: string, sampleId: string): Promise<boolean> {
  let found = false;
  await env.root.transaction(() => {
    const cur = getDataset(env, tenant, id);
    if (!cur || env.samples.get([tenant, id, sampleId]) === undefined) return;
    found = true;
    env.samples.remove([tenant, id, sampleId]);
    env.datasets.put([tenant, id], { ...cur, samples_count: Math.max(0, cur.samples_count - 1), updated_at: new Date().toISOString() });
  });
  return found;
}

export async function deleteDataset(env: ManagementEnv, tenant: string, id: string): Promise<boolean> {
  let found = false;
  await env.root.transaction(() => {
    if (!getDataset(env, tenant, id)) return;
    found = true;
    for (const key of env.samples.getKeys(sampleRange(tenant, id))) env.samples.remove(key);
    env.datasets.remove([tenant, id]);
  });
  return found;
}

/** Sets a dataset's review status; the updated dataset, or undefined when it does not exist. */
export async function setDatasetStatus(env: ManagementEnv, tenant: string, id: string, status: string, rationale?: string): Promise<Dataset | undefined> {
  let out: Dataset | undefined;
  await env.root.transaction(() => {
    const cur = getDataset(env, tenant, id);
    if (!cur) return;
    out = { ...cur, status, ...(rationale === undefined ? {} : { rationale }), updated_at: new Date().toISOString() };
    env.datasets.put([tenant, id], out);
  });
  return out;
}

/** Sets one sample's status (`curated`, `rejected`, `pending`); the sample, or undefined. */
export async function setSampleStatus(env: ManagementEnv, tenant: string, id: string, sampleId: string, status: string): Promise<Sample | undefined> {
  let out: Sample | undefined;
  await env.root.transaction(() => {
    const cur = env.samples.get([tenant, id, sampleId]) as Sample | undefined;
    if (!cur) return;
    out = { ...cur, status };
    env.samples.put([tenant, id, sampleId], out);
  });
  return out;
}
