/**
 * The management server's command line: `--config <file>` and the environment variables it
 * reads, for `--help`. Parsed by core/contract/cli-args.ts.
 */
import type { CliSpec } from '../../core/contract/cli-args.js';

export const MANAGEMENT_ENV: ReadonlyArray<readonly [string, string]> = [
  ['OPENTRACY_CONFIG', 'JSON config file shared with the gateway (same as --config)'],
  ['OPENTRACY_HOST', 'listen address (default 127.0.0.1)'],
  ['OPENTRACY_MANAGEMENT_PORT', 'listen port, 0 = any free port (default 8000)'],
  ['OPENTRACY_DATA_DIR', 'holds traces/ (the gateway\'s, read here) and management/ (default ./data)'],
  ['OPENTRACY_DASHBOARD_PORT', 'also serve the web console (and the API it calls) on this port (default: off; the console is at / and /ui)'],
  ['OPENTRACY_API_KEYS', 'comma-separated bearer tokens; set: every route but /health needs one'],
  ['OPENTRACY_PORT', 'the gateway\'s port, for the default OPENTRACY_GATEWAY_URL (default 8080)'],
  ['OPENTRACY_GATEWAY_URL', 'the gateway (default http://127.0.0.1:<OPENTRACY_PORT>)'],
  ['OPENTRACY_SECRETS_FILE', 'provider keys file (default <dataDir>/secrets.json)'],
  ['OPENTRACY_CLUSTER_LABELER_MODEL', 'model for LLM cluster labels (default: keyword labels)'],
  ['OPENTRACY_MANAGEMENT_MAX_BODY_BYTES', 'request body cap (default 64 MiB)'],
  ['OPENTRACY_WEIGHTS_PATH', 'the router weights the gateway serves, reported as the active package (default models/router-default)'],
  ['OPENTRACY_REPO_ROOT', 'where models/embedder-static is found (default the checkout)'],
  ['OPENTRACY_EVAL_CONCURRENCY', 'parallel model calls in evaluations (default 16)'],
  ['OPENTRACY_LLM_TIMEOUT_MS', 'timeout of one judge/teacher call (default 60000)'],
  ['OPENTRACY_RETRY_BASE_MS', 'first retry backoff of judge/teacher calls (default 1000)'],
  ['OPENTRACY_JUDGE_MODEL', 'judge model (default openai/gpt-4o-mini)'],
  ['OPENTRACY_FINETUNE_BASE_URL', 'fine-tuning API (default https://api.openai.com)'],
  ['OPENTRACY_FINETUNE_API_KEY', 'key for the fine-tuning API (default OPENAI_API_KEY)'],
  ['OPENAI_API_KEY', 'fine-tuning key when OPENTRACY_FINETUNE_API_KEY is unset (sent only to OPENAI_BASE_URL)'],
  ['OPENAI_BASE_URL', 'the host OPENAI_API_KEY belongs to (default https://api.openai.com)'],
  ['OPENTRACY_FINETUNE_POLL_MS', 'fine-tuning job poll period (default 5000)'],
  ['OPENTRACY_LOCAL_TRAIN_COMMAND', 'local training command, a JSON array of strings (then the default training backend)'],
  ['OPENTRACY_CURATION_MODEL', 'judge model for dataset curation (default: embedding similarity)'],
  ['OPENTRACY_SCRIPT_METRICS', '1 = allow python/javascript metrics, run in a sandboxed child (default off)'],
  ['OPENTRACY_ALLOWED_UPSTREAM_HOSTS', 'hosts/CIDRs a deployment endpoint may name despite the metadata-host rule'],
];

export const MANAGEMENT_CLI: CliSpec = {
  name: 'opentracy-management',
  summary: 'OpenTracy management server: traces, analytics, datasets, evaluations, distillation (npm run start:management)',
  flags: {
    config: { value: '<file>', help: 'JSON config file shared with the gateway (also OPENTRACY_CONFIG); the environment wins over it' },
  },
  env: MANAGEMENT_ENV,
};
