/** Shell: login gate, hash navigation between the five pages. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, getToken, setToken, Unauthorized, whenUnauthorized } from './api.js';
import { Learning } from './pages/learning.js';
import { Overview } from './pages/overview.js';
import { Routing } from './pages/routing.js';
import { Settings } from './pages/settings.js';
import { Traces } from './pages/traces.js';
import './style.css';

const PAGES = { overview: ['Overview', Overview], traces: ['Traces', Traces], routing: ['Routing', Routing], learning: ['Learning loop', Learning], settings: ['Settings', Settings] } as const;
type PageId = keyof typeof PAGES;

const current = (): PageId => {
  const h = location.hash.replace(/^#\/?/, '').split('?')[0] as PageId;
  return h in PAGES ? h : 'overview';
};

function Login(p: { onDone: () => void }) {
  const [tok, setTok] = useState('');
  const [err, setErr] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setToken(tok.trim());
    try {
      await api('/v1/traces?limit=1');
      p.onDone();
    } catch (x) {
      setToken('');
      setErr(x instanceof Unauthorized ? 'That token was refused.' : String(x));
    }
  };
  return (
    <form class="login" id="login" onSubmit={submit}>
      <h1>OpenTracy</h1>
      <p>This server needs an API key (one of OPENTRACY_API_KEYS).</p>
      <input type="password" name="token" placeholder="Bearer token" value={tok} onInput={(e) => setTok((e.target as HTMLInputElement).value)} autoFocus />
      <button type="submit">Sign in</button>
      {err && <div class="err">{err}</div>}
    </form>
  );
}

function App() {
  const [page, setPage] = useState<PageId>(current());
  // null: checking; the probe is the only request made before we know a token works.
  const [authed, setAuthed] = useState<boolean | null>(null);
  useEffect(() => {
    const f = () => setPage(current());
    addEventListener('hashchange', f);
    whenUnauthorized(() => setAuthed(false));
    api('/v1/traces?limit=1').then(() => setAuthed(true), (e) => setAuthed(e instanceof Unauthorized ? false : true));
    return () => removeEventListener('hashchange', f);
  }, []);
  if (authed === null) return <div class="loading">Loading…</div>;
  if (!authed) return <Login onDone={() => setAuthed(true)} />;
  const Page = PAGES[page][1];
  return (
    <div class="shell">
      <nav>
        <b>OpenTracy</b>
        {(Object.keys(PAGES) as PageId[]).map((k) => (
          <a href={`#/${k}`} class={k === page ? 'on' : ''} data-nav={k}>
            {PAGES[k][0]}
          </a>
        ))}
        {getToken() && (
          <a href="#" onClick={() => (setToken(''), setAuthed(false))}>
            Sign out
          </a>
        )}
      </nav>
      <main data-page={page}>
        <Page />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
