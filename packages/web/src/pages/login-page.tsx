import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { api, ApiError, setCsrfToken } from '../lib/api';

export function LoginPage({ onLogin }: { onLogin: () => void }): React.JSX.Element {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<Api.LoginResponse>('/api/auth/login', { body: { username, password } });
      setCsrfToken(r.csrfToken);
      onLogin();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {t('login.failed', { message: error })}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          data-testid="language"
        >
          {t('nav.language')}
        </button>
      </form>
    </main>
  );
}
