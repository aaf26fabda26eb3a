/** Settings: provider keys (write-only: only masked forms are ever shown) and the API keys in use. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Err, Section, Table, useApi } from '../ui.js';

export function Settings() {
  const s = useApi<any>('/v1/secrets');
  const keys = useApi<any>('/v1/keys');
  const [provider, setProvider] = useState('');
  const [key, setKey] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api(`/v1/secrets/${encodeURIComponent(provider)}`, { method: 'POST', body: { api_key: key } });
      setKey('');
      setMsg(`saved${r?.pushed === false ? ' (gateway not reached)' : ''}`);
      s.reload();
    } catch (x) {
      setMsg(String((x as Error).message));
    }
  };
  return (
    <div>
      <h1>Settings</h1>
      <Section title="Provider keys">
        <Err e={s.error} />
        <Table id="provider-keys" cols={['provider', 'source', 'key', 'in use']} rows={(s.data?.keys ?? []).map((k: any) => [k.provider, k.source, k.masked_key ?? '(runtime)', String(k.in_use)])} />
        <form class="row" onSubmit={save} style={{ marginTop: '8px' }}>
          <label>provider<input value={provider} onInput={(e) => setProvider((e.target as HTMLInputElement).value)} /></label>
          <label>API key<input type="password" autoComplete="off" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} /></label>
          <button disabled={!provider || !key}>Save key</button> {msg}
        </form>
      </Section>
      <Section title="API keys in use">
        {keys.error ? (
          <div class="muted">Virtual keys are not available on this server.</div>
        ) : (
          <Table
            id="api-keys"
            cols={['id', 'name', 'owner', 'status', 'models', 'daily / monthly budget', 'rpm / tpm', 'created']}
            rows={(keys.data?.data ?? keys.data?.keys ?? []).map((k: any) => [k.id, k.name, k.owner ?? '', k.status ?? '', (k.models ?? ['any']).join(', '), `${k.budget_daily_usd ?? '–'} / ${k.budget_monthly_usd ?? '–'}`, `${k.rpm ?? '–'} / ${k.tpm ?? '–'}`, k.created_at ?? ''])}
          />
        )}
      </Section>
    </div>
  );
}
