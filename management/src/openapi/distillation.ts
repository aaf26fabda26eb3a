/** Operations: distillation (handlers in learning/distillation/distill-routes.ts, config in config.ts). */
import {
  anyObject, arr, bool, errors, int, json, jsonBody, num, obj, pathParam, query, ref, str, type PathItem, type Schema,
} from '../../../core/contract/openapi.js';
import { page, tenantHeader, tenantQuery } from './params.js';
import { iso } from './schemas.js';

const between = (type: 'integer' | 'number', min: number, max: number, dflt: number | null, description?: string): Schema => ({
  type,
  minimum: min,
  maximum: max,
  ...(dflt === null ? {} : { default: dflt }),
  ...(description ? { description } : {}),
});

/** The job config (parseDistillConfig): unknown keys are a 400. */
const CONFIG: Schema = obj({}, {
  dataset_id: str('prompts from a dataset or `cluster:<run>:<cid>`'),
  prompts: arr({ type: ['string', 'object'], properties: { text: str(), system: str(), id: str() } }, 'inline prompts (at most 100000)'),
  trace_filter: anyObject('prompts from traces: GET /v1/traces query parameters (string, number or boolean values)'),
  teacher_model: { type: 'string', default: 'openai/gpt-4o', description: 'called through the gateway' },
  student_model: { type: 'string', default: 'llama-3.2-1b', description: 'a GET /v1/distillation/student-models id, or a model id' },
  base_model: str('default: the student\'s base for the backend'),
  judge_model: str('default OPENTRACY_JUDGE_MODEL'),
  n_samples: between('integer', 1, 16, 4, 'teacher candidates per prompt'),
  num_prompts: between('integer', 1, 100_000, 1000, 'cap on prompts'),
  temperature: between('number', 0, 2, 0.8),
  max_tokens: between('integer', 1, 32_768, 1024),
  training_steps: between('integer', 1, 100_000, 500),
  min_score: between('number', 0, 1, 0, 'curation: the winner must score at least this'),
  curation_agents: arr(obj({}, { enabled: bool(), threshold: between('number', 0, 1, null) }), 'the highest enabled threshold raises min_score'),
  eval_holdout: between('number', 0, 0.5, 0.2),
  concurrency: between('integer', 1, 64, 8),
  training_backend: { type: 'string', enum: ['openai', 'local', 'none'], default: 'openai', description: 'openai: fine-tuning API; local: OPENTRACY_LOCAL_TRAIN_COMMAND; none: data only' },
  finetune_base_url: str('openai backend: another fine-tuning API (http/https); then finetune_api_key is required'),
  finetune_api_key: str('key for finetune_base_url; stored 0600 with the job, never returned (masked)'),
  n_epochs: between('integer', 1, 50, null),
  suffix: str('fine-tuned model name suffix'),
  deploy_alias: str('register the student under this gateway alias when done'),
  bond_beta: num('passed to a local training command'),
  bond_gamma: num(),
  export_gguf: bool(),
  quantization: str(),
  quantization_types: arr(str()),
  output_name: str(),
  learning_rate: num(),
  training_mode: str(),
  lora_r: int(),
  lora_alpha: int(),
  batch_size: int(),
});

const ESTIMATE: Schema = obj({ estimated_cost: num('USD, rough'), teacher_calls: int(), judge_calls: int() }, { is_sandbox: bool(), tier: str(), balance: { type: ['number', 'null'] }, sufficient: bool(), note: str(), prompts: int(), prompt_source: str() });

const tenant = [tenantHeader, tenantQuery];
const jobId = pathParam('id', 'job id (dist_<hex>)');
const MODEL_LIST = (item: Schema): Schema => obj({ models: arr(item), total: int() });

export const DISTILLATION_PATHS: Record<string, PathItem> = {
  '/v1/distillation': {
    post: {
      operationId: 'createDistillation',
      summary: 'Distil a teacher into a student: generate candidates, judge and curate, export, train, evaluate',
      description:
        'Needs a prompt source (config.dataset_id, config.prompts or config.trace_filter). The prompts are gathered and priced first; ' +
        'the job starts only with `confirm: true` (without it: a 400 that states the calls and cost); `dry_run: true` answers the estimate alone.',
      tags: ['distillation'],
      parameters: tenant,
      requestBody: jsonBody(obj({}, { name: str('default Untitled'), description: str(), tenant_id: str(), config: CONFIG, confirm: bool('start the paid calls'), dry_run: bool('price only') })),
      responses: {
        '200': json('dry run: the estimate', obj({ dry_run: { const: true }, started: { const: false }, estimate: ESTIMATE })),
        '201': json('started', ref('DistillationJob')),
        ...errors(400, 401, 404, 413),
      },
    },
    get: {
      operationId: 'listDistillations',
      summary: 'The tenant\'s jobs, newest first',
      tags: ['distillation'],
      parameters: [...tenant, query('status', { type: 'string', enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] }), ...page(200, 50)],
      responses: { '200': json('jobs', obj({ jobs: arr(ref('DistillationJob')), total: int(), limit: int(), offset: int() })), ...errors(400, 401) },
    },
  },
  '/v1/distillation/estimate': {
    post: {
      operationId: 'estimateDistillation',
      summary: 'Rough cost of a job by size',
      tags: ['distillation'],
      requestBody: jsonBody(obj({}, { num_prompts: between('integer', 1, 100_000, 1000), n_samples: between('integer', 1, 16, 4), student_model: str() }), undefined, false),
      responses: { '200': json('the estimate', ESTIMATE), ...errors(400, 401) },
    },
  },
  '/v1/distillation/teacher-models': {
    get: {
      operationId: 'listTeacherModels',
      summary: 'Suggested teacher models',
      tags: ['distillation'],
      responses: { '200': json('models', MODEL_LIST(obj({ id: str(), name: str(), provider: str(), type: str(), available: bool() }))), ...errors(401) },
    },
  },
  '/v1/distillation/student-models': {
    get: {
      operationId: 'listStudentModels',
      summary: 'Student models and the backends that train them',
      tags: ['distillation'],
      responses: { '200': json('models', MODEL_LIST(obj({ id: str(), name: str(), family: str(), params: str(), base_model: str(), backends: arr(str()), available: bool() }))), ...errors(401) },
    },
  },
  '/v1/distillation/{id}': {
    get: {
      operationId: 'getDistillation',
      summary: 'One job: phase, progress, results, artifacts',
      tags: ['distillation'],
      parameters: [jobId, ...tenant],
      responses: { '200': json('the job', ref('DistillationJob')), ...errors(401, 404) },
    },
    delete: {
      operationId: 'deleteDistillation',
      summary: 'Cancel if active, then delete with its files',
      tags: ['distillation'],
      parameters: [jobId, ...tenant],
      responses: { '200': json('deleted', obj({ deleted: { const: true } })), ...errors(401, 404) },
    },
  },
  '/v1/distillation/{id}/cancel': {
    post: {
      operationId: 'cancelDistillation',
      summary: 'Cancel an active job (a finished one is returned as it is)',
      tags: ['distillation'],
      parameters: [jobId, ...tenant],
      responses: { '200': json('the job', ref('DistillationJob')), ...errors(401, 404) },
    },
  },
  '/v1/distillation/{id}/logs': {
    get: {
      operationId: 'getDistillationLogs',
      summary: 'Log lines, oldest first',
      tags: ['distillation'],
      parameters: [jobId, ...tenant, query('limit', between('integer', 1, 100_000, 5000))],
      responses: { '200': json('logs', obj({ logs: arr(str()), total: int() })), ...errors(400, 401, 404) },
    },
  },
  '/v1/distillation/{id}/candidates': {
    get: {
      operationId: 'getDistillationCandidates',
      summary: 'Prompts with their teacher candidates, scores and winners',
      tags: ['distillation'],
      parameters: [jobId, ...tenant, ...page(1000, 100)],
      responses: {
        '200': json(
          'a page',
          obj({
            samples: arr(obj({ prompt: str(), trace_id: str(), candidates: arr(obj({ text: str(), scores: obj({ quality: { type: ['number', 'null'] } }), isWinner: bool(), candidate_idx: int() }, { error: { type: ['string', 'null'] }, score_error: { type: ['string', 'null'] }, duplicate_of: { type: ['integer', 'null'] } })) })),
            total: int(),
          }),
        ),
        ...errors(400, 401, 404),
      },
    },
  },
  '/v1/distillation/{id}/metrics': {
    get: {
      operationId: 'getDistillationMetrics',
      summary: 'Training metrics rows (step, loss, ...)',
      tags: ['distillation'],
      parameters: [jobId, ...tenant, query('limit', between('integer', 1, 100_000, 5000))],
      responses: { '200': json('metrics', obj({ metrics: arr(anyObject()), total: int() })), ...errors(400, 401, 404) },
    },
  },
  '/v1/distillation/{id}/artifacts': {
    get: {
      operationId: 'listDistillationArtifacts',
      summary: 'Files the job wrote (training data, holdout, logs, model files)',
      tags: ['distillation'],
      parameters: [jobId, ...tenant],
      responses: { '200': json('artifacts', obj({ artifacts: arr(obj({ key: str(), size: int(), url: str(), expires_in: int() })), total: int() })), ...errors(401, 404) },
    },
  },
  '/v1/distillation/{id}/download/{key}': {
    get: {
      operationId: 'downloadDistillationArtifact',
      summary: 'One artifact, streamed (attachment)',
      tags: ['distillation'],
      parameters: [jobId, pathParam('key', 'artifact key, percent-encoded'), ...tenant],
      responses: {
        '200': {
          description: 'the file (JSONL, JSON, text or binary by its name)',
          content: { 'application/jsonl': { schema: str() }, 'application/json': { schema: {} }, 'text/plain': { schema: str() }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errors(401, 404),
      },
    },
  },
  '/v1/distillation/{id}/deploy': {
    post: {
      operationId: 'deployDistillation',
      summary: 'Register the student as a gateway alias (a completed job only)',
      tags: ['distillation'],
      parameters: [jobId, ...tenant],
      requestBody: jsonBody(obj({ alias: str() }, { endpoint: obj({ base_url: str(), model: str() }, { api_key: str() }, 'the OpenAI-compatible server that serves the artifacts (required when the job has no callable student)') })),
      responses: {
        '200': json('deployed', obj({ deployment_id: str(), model_id: str(), status: { const: 'deployed' }, alias: str(), target: { type: ['string', 'null'] }, endpoint: { type: ['string', 'null'], description: '`(endpoint)` when deployed to an endpoint (never echoed)' }, deployed_at: iso(), gateway: anyObject() })),
        ...errors(400, 401, 404, 413),
      },
    },
  },
};
