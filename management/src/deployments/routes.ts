/**
 * /v1/deployments (reference 7.9): an OpenAI-compatible endpoint registered with a health check
 * (GET <base_url>/models), listed, deleted, and reachable through the proxy
 * POST /v1/deployments/{id}/v1/chat/completions (/v1/completions, /v1/embeddings). With
 * `job_id` (a completed distillation job) or `alias`, the gateway alias is registered too
 * (POST /v1/models/register with the endpoint), so the student is served by the gateway as well.
 * Keys given for an endpoint are stored in the private management env and never returned.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'lmdb';
import { parseJsonObject } from '../body-json.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { GatewayClient } from '../gateway-client.js';
import type { LearningStore } from '../learning/learning-store.js';
import { getJob, patchJob } from '../learning/distillation/job-store.js';
import { json, type Reply, type RequestSnapshot, type Route } from '../server/types.js';
import type { ManagementEnv } from '../store/management-env.js';
import { DeploymentOutbound, redactUrl } from './outbound.js';

export interface Deployment {
  deployment_id: string;
  id: string;
  name: string;
  endpoint_url: string;
  model: string;
  alias: string | null;
  job_id: string | null;
  status: 'healthy' | 'unhealthy';
  health_error: string | null;
  last_health_check: string;
  created_at: string;
  has_api_key: boolean;
}

interface Stored extends Deployment {
  api_key: string | null;
}

export interface DeploymentDeps {
  readonly env: ManagementEnv;
  readonly learning: LearningStore;
  readonly gateway: GatewayClient;
  readonly outbound: DeploymentOutbound;
}

const HEALTH_MS = 5000;
const PROXY_MS = 300_000;
const PROXIED = new Set(['chat/completions', 'completions', 'embeddings']);
const ALIAS_RE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;
const CTRL = /[\u0000-\u001f\u007f]/;

const publicOf = (d: Stored): Deployment => {
  const { api_key: _k, ...rest } = d;
  return rest;
};

async function health(d: DeploymentDeps, base: string, key: string | null): Promise<string | null> {
  try {
    const r = await d.outbound.call('GET', `${base}/models`, key, undefined, HEALTH_MS);
    return r.status >= 200 && r.status < 300 ? null : `GET /models answered ${r.status}`;
  } catch (err) {
    return `GET /models failed: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
  }
}

async function create(d: DeploymentDeps, db: Database<unknown, string>, req: RequestSnapshot): Promise<Reply> {
  const b = parseJsonObject(req.body);
  const raw = b.endpoint_url ?? b.base_url;
  if (typeof raw !== 'string' || raw === '') throw badRequest('endpoint_url is required (the OpenAI-compatible base URL, e.g. http://127.0.0.1:8081/v1)', 'endpoint_url');
  if (CTRL.test(raw)) throw badRequest('endpoint_url may not contain control characters', 'endpoint_url');
  const checked = await d.outbound.check(raw);
  if ('error' in checked) throw badRequest(`endpoint_url ${checked.error}`, 'endpoint_url');
  const base = checked.url.toString().replace(/\/+$/, '');
  const key = b.api_key === undefined || b.api_key === null ? null : b.api_key;
  if (key !== null && (typeof key !== 'string' || key === '' || CTRL.test(key) || key.length > 8192)) throw badRequest('api_key must be a printable string', 'api_key');
  let jobId: string | null = null;
  let alias = typeof b.alias === 'string' && b.alias !== '' ? b.alias : null;
  if (b.job_id !== undefined && b.job_id !== null) {
    if (typeof b.job_id !== 'string') throw badRequest('job_id must be a string', 'job_id');
    const job = getJob(d.learning, b.job_id);
    if (!job || job.status === 'deleted') throw notFound(`distillation job ${b.job_id} not found`, 'job_id');
    if (job.status !== 'completed') throw badRequest(`job is ${job.status}; only a completed job can be deployed`, 'job_id');
    jobId = job.id;
    alias ??= (job.config as { deploy_alias?: string }).deploy_alias ?? `distilled/${job.name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || job.id}`;
  }
  if (alias !== null && !ALIAS_RE.test(alias)) throw badRequest('alias must be 1-128 characters of A-Z a-z 0-9 _ . : / - (starting with a letter or digit)', 'alias');
  const model = typeof b.model === 'string' && b.model !== '' && !CTRL.test(b.model) ? b.model : alias ?? 'default';
  const problem = await health(d, base, key);
  if (problem && b.allow_unhealthy !== true) throw badRequest(`endpoint health check failed (${problem}); fix the endpoint or pass allow_unhealthy: true`, 'endpoint_url');
  if (alias !== null) {
    const r = await d.gateway.call('POST', '/v1/models/register', { alias, endpoint: { base_url: base, model, ...(key ? { api_key: key } : {}) } }, 10_000);
    if (r.status !== 200 && r.status !== 201) {
      const msg = typeof r.body === 'object' && r.body !== null ? (r.body as { error?: { message?: string } }).error?.message ?? JSON.stringify(r.body) : String(r.body);
      throw new ApiError(r.status >= 500 ? 'provider_bad_response' : 'caller_invalid_request', `the gateway refused alias ${alias}: ${String(msg).slice(0, 300)}`, 'alias');
    }
  }
  const id = `dep_${randomBytes(6).toString('hex')}`;
  const now = new Date().toISOString();
  const dep: Stored = {
    deployment_id: id,
    id,
    name: typeof b.name === 'string' && b.name.trim() !== '' ? b.name.trim().slice(0, 200) : alias ?? model,
    endpoint_url: redactUrl(base),
    model,
    alias,
    job_id: jobId,
    status: problem ? 'unhealthy' : 'healthy',
    health_error: problem,
    last_health_check: now,
    created_at: now,
    has_api_key: key !== null,
    api_key: key,
  };
  await db.put(id, dep);
  if (jobId) await patchJob(d.learning, jobId, { deployment: { alias, target: null, endpoint: '(deployment)', deployment_id: id, deployed_at: now } } as never);
  return json(publicOf(dep), 201);
}

export function deploymentRoutes(d: DeploymentDeps): Route[] {
  const db = d.env.root.openDB<unknown, string>('deployments', { encoding: 'msgpack', compression: true });
  const must = (req: RequestSnapshot): Stored => {
    const dep = db.get(req.params.id!) as Stored | undefined;
    if (!dep) throw notFound(`deployment ${req.params.id} not found`, 'deployment_id');
    return dep;
  };
  const proxy = (path: string): Route => ({
    method: 'POST',
    pattern: `/v1/deployments/:id/v1/${path}`,
    handler: async (req) => {
      const dep = must(req);
      if (!PROXIED.has(path)) throw notFound('unknown proxy path', 'path');
      const b = parseJsonObject(req.body);
      // The deployment's model unless the caller names one (a llama.cpp server ignores it anyway).
      const body = JSON.stringify({ ...b, model: typeof b.model === 'string' && b.model !== '' ? b.model : dep.model });
      let r;
      try {
        r = await d.outbound.call('POST', `${dep.endpoint_url}/${path}`, dep.api_key, body, PROXY_MS);
      } catch (err) {
        throw new ApiError('provider_connection', `deployment ${dep.id} unreachable: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
      }
      if (r.contentType.startsWith('application/json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(r.body);
        } catch {
          return { kind: 'text', status: r.status, body: r.body, contentType: r.contentType };
        }
        return json(parsed, r.status);
      }
      // A stream (stream: true) comes back whole: this proxy buffers it.
      return { kind: 'text', status: r.status, body: r.body, contentType: r.contentType };
    },
  });
  return [
    {
      method: 'GET',
      pattern: '/v1/deployments',
      handler: () => {
        const deployments = [...db.getRange({ snapshot: false })].map((e) => publicOf(e.value as Stored));
        return json({ deployments, total: deployments.length });
      },
    },
    { method: 'POST', pattern: '/v1/deployments', handler: (req) => create(d, db, req) },
    {
      method: 'GET',
      pattern: '/v1/deployments/:id',
      handler: async (req) => {
        const dep = must(req);
        // Each read re-checks health (5 s at most), so the status is current.
        const problem = await health(d, dep.endpoint_url, dep.api_key);
        const next: Stored = { ...dep, status: problem ? 'unhealthy' : 'healthy', health_error: problem, last_health_check: new Date().toISOString() };
        await db.put(dep.id, next);
        return json(publicOf(next));
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/deployments/:id',
      handler: async (req) => {
        const dep = must(req);
        let aliasRemoved: boolean | null = null;
        if (dep.alias) {
          const r = await d.gateway.call('DELETE', `/v1/models/aliases/${encodeURIComponent(dep.alias)}`, undefined, 10_000).catch(() => null);
          aliasRemoved = r !== null && r.status === 200;
        }
        await db.remove(dep.id);
        return json({ success: true, deleted: dep.id, alias_removed: aliasRemoved });
      },
    },
    proxy('chat/completions'),
    proxy('completions'),
    proxy('embeddings'),
  ];
}
