import type * as Api from '@healthwatch/contract';
import { useState } from 'react';
import { Async, Card, ErrorBox } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { api } from '../lib/api';
import { useSession } from '../lib/session';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';

/** Change your password; create, see and revoke personal API tokens. */
export default function AccountPage(): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const [pw, setPw] = useState({ current: '', next: '' });
  const [done, setDone] = useState(false);
  const { error, run } = useAction();
  const [tokenName, setTokenName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const tokens = useApi<Api.TokenList>('/api/me/tokens');

  return (
    <div>
      <h1>{t('account.title')}</h1>
      <p>
        {me.displayName ?? me.username} · {t('account.role', { role: me.roleName })}
      </p>
      <ErrorBox error={error} />
      <div className="grid two">
        <Card title={t('account.password')}>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              setDone(false);
              void run(async () => {
                await api('/api/me/password', { body: pw });
                setPw({ current: '', next: '' });
                setDone(true);
              });
            }}
          >
            <label>
              {t('account.current')}
              <input
                type="password"
                autoComplete="current-password"
                value={pw.current}
                onChange={(e) => setPw({ ...pw, current: e.target.value })}
                required
              />
            </label>
            <label>
              {t('account.next')}
              <input
                type="password"
                autoComplete="new-password"
                value={pw.next}
                onChange={(e) => setPw({ ...pw, next: e.target.value })}
                required
              />
            </label>
            <button type="submit" className="primary">
              {t('common.save')}
            </button>
            {done && (
              <p className="ok" role="status">
                {t('account.changed')}
              </p>
            )}
          </form>
        </Card>
        <Card title={t('account.tokens')}>
          <form
            className="filters"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const r = await api<Api.TokenCreated>('/api/me/tokens', { body: { name: tokenName } });
                setShown(r.token);
                setTokenName('');
                tokens.reload();
              });
            }}
          >
            <label>
              {t('account.tokenName')}
              <input value={tokenName} onChange={(e) => setTokenName(e.target.value)} required />
            </label>
            <button type="submit">{t('account.newToken')}</button>
          </form>
          {shown && (
            <p className="banner">
              {t('account.tokenShown')} <code data-testid="new-token">{shown}</code>
            </p>
          )}
          <Async state={tokens}>
            {(d) => (
              <table className="table">
                <tbody>
                  {d.tokens.map((tk) => (
                    <tr key={tk.id}>
                      <td>{tk.name}</td>
                      <td>{dateTime(tk.createdAt)}</td>
                      <td>
                        {tk.revokedAt ? (
                          t('account.revoked')
                        ) : (
                          <button
                            type="button"
                            className="link"
                            onClick={() =>
                              void run(
                                async () =>
                                  void (
                                    await api(`/api/me/tokens/${tk.id}`, { method: 'DELETE' }),
                                    tokens.reload()
                                  ),
                              )
                            }
                          >
                            {t('account.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Async>
        </Card>
      </div>
    </div>
  );
}
