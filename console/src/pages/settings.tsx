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
        {keys.error ? <div class="muted">Virtual keys are not available on this server.</div> : <Table cols={['id', 'name', 'budget', 'spend', 'created']} rows={(keys.data?.keys ?? []).map((k: any) => [k.id ?? k.key_id, k.name ?? '', k.budget_usd ?? k.max_budget ?? '', k.spend_usd ?? k.spend ?? '', k.created_at ?? ''])} />}
      </Section>
    </div>
  );
}
