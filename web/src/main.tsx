import { render } from 'preact';
import { useState } from 'preact/hooks';
import { clearAuth, loadAuth, saveAuth, type Auth } from './auth.js';
import { Inbox } from './inbox.js';
import { Login } from './login.js';
import './styles.css';

function App() {
  const [auth, setAuth] = useState<Auth | null>(loadAuth);
  if (!auth) {
    return (
      <Login
        onSignedIn={(signedIn) => {
          saveAuth(signedIn);
          setAuth(signedIn);
        }}
      />
    );
  }
  return (
    <Inbox
      auth={auth}
      onSignOut={() => {
        clearAuth();
        setAuth(null);
      }}
    />
  );
}

render(<App />, document.getElementById('root')!);
