import { useState } from 'preact/hooks';
import { anonymousClient, type Auth } from './auth.js';
import { LoginDoc, RegisterDoc } from './operations.js';

/** Sign in, or create an account (the server decides whether it accepts new ones). */
export function Login({ onSignedIn }: { onSignedIn: (auth: Auth) => void }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result =
      mode === 'login'
        ? await anonymousClient.mutation(LoginDoc, { input: { username, password } }).toPromise()
        : await anonymousClient.mutation(RegisterDoc, { input: { username, password, displayName: displayName || username } }).toPromise();
    setBusy(false);
    const payload = result.data && ('login' in result.data ? result.data.login : result.data.register);
    if (payload) onSignedIn(payload);
    else setError(result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? 'could not sign in');
  };

  return (
    <main class="login">
      <h1>Inbox</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Username
          <input name="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoComplete="username" required />
        </label>
        {mode === 'register' && (
          <label>
            Display name
            <input name="displayName" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
          </label>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
          />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <button class="link" type="button" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
        {mode === 'login' ? 'New here? Create an account' : 'Have an account? Sign in'}
      </button>
    </main>
  );
}
