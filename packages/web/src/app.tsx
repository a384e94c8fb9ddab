import type { Authority } from '@healthwatch/core';
import type * as Api from '@healthwatch/contract';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorBox, Loading } from './components/common';
import type { Language } from './i18n/i18n';
import { I18nContext, initialLanguage, makeI18n, useI18n } from './i18n/i18n';
import type { MessageKey } from './i18n/zh-CN';
import { api, ApiError, setApiLanguage, setCsrfToken, toApiError } from './lib/api';
import { href, useRoute } from './lib/router';
import type { Route } from './lib/router';
import { can, SessionContext } from './lib/session';
import { LoginPage } from './pages/login-page';
import { CockpitPage } from './pages/cockpit-page';

// Pages other than login and the cockpit load on first visit (keeps the first load small).
const PlanPage = lazy(() => import('./pages/plan-page'));
const PlanDraftPage = lazy(() => import('./pages/plan-draft-page'));
const IndicatorPage = lazy(() => import('./pages/indicator-page'));
const EntryPage = lazy(() => import('./pages/entry-page'));
const ImportPage = lazy(() => import('./pages/import-page'));
const ExplorerPage = lazy(() => import('./pages/explorer-page'));
const QualityPage = lazy(() => import('./pages/quality-page'));
const WarningsPage = lazy(() => import('./pages/warnings-page'));
const ReportsPage = lazy(() => import('./pages/reports-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));
const AdminPage = lazy(() => import('./pages/admin-page'));
const AccountPage = lazy(() => import('./pages/account-page'));

interface NavItem {
  path: string;
  label: MessageKey;
  authority?: Authority;
}

const NAV: NavItem[] = [
  { path: '/', label: 'nav.cockpit' },
  { path: '/plans', label: 'nav.plans', authority: 'ANALYTICS_READ' },
  { path: '/entry', label: 'nav.entry', authority: 'DATA_WRITE' },
  { path: '/import', label: 'nav.import', authority: 'DATA_WRITE' },
  { path: '/explorer', label: 'nav.explorer', authority: 'ANALYTICS_READ' },
  { path: '/quality', label: 'nav.quality', authority: 'DATA_READ' },
  { path: '/warnings', label: 'nav.warnings', authority: 'SURVEILLANCE' },
  { path: '/reports', label: 'nav.reports', authority: 'ANALYTICS_READ' },
  { path: '/audit', label: 'nav.audit', authority: 'AUDIT_READ' },
  { path: '/admin', label: 'nav.admin', authority: 'METADATA_WRITE' },
];

function Forbidden(): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="card">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
    </div>
  );
}

/** An address that names no page: said so, not "not allowed" (which sent users to ask for rights). */
function NotFound({ route }: { route: Route }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="card" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: `#/${route.parts.join('/')}` })}</p>
      <p>
        <a href={href('/')}>{t('notFound.home')}</a>
      </p>
    </div>
  );
}

function Page({ route, me }: { route: Route; me: Api.MeResponse }): React.JSX.Element {
  const [first = '', second, third, fourth] = route.parts;
  const item = NAV.find((n) => n.path === `/${first}`);
  if (item?.authority && !can(me, item.authority)) {
    return <Forbidden />;
  }
  switch (first) {
    case '':
      return <CockpitPage route={route} />;
    case 'plans':
      if (second === 'draft') {
        // Drafting a plan is for those who may save one (POST /api/plans).
        return can(me, 'METADATA_WRITE') ? <PlanDraftPage /> : <Forbidden />;
      }
      return second && third === 'indicators' && fourth ? (
        <IndicatorPage plan={second} indicator={fourth} route={route} />
      ) : (
        <PlanPage plan={second} route={route} />
      );
    case 'entry':
      return <EntryPage route={route} />;
    case 'import':
      return <ImportPage />;
    case 'explorer':
      return <ExplorerPage route={route} />;
    case 'quality':
      return <QualityPage route={route} />;
    case 'warnings':
      return <WarningsPage route={route} eventId={second} />;
    case 'reports':
      return <ReportsPage />;
    case 'audit':
      return <AuditPage />;
    case 'admin':
      return <AdminPage tab={second} />;
    case 'account':
      return <AccountPage />;
    default:
      return <NotFound route={route} />;
  }
}

export function App(): React.JSX.Element {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((l: Language) => {
    localStorage.setItem('hw.lang', l);
    setLangState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${i18n.t('app.name')} HealthWatch`;
    setApiLanguage(lang);
  }, [lang, i18n]);
  const [me, setMe] = useState<Api.MeResponse | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const loadMe = useCallback(() => {
    api<Api.MeResponse>('/api/me')
      .then((m) => {
        setCsrfToken(m.csrfToken);
        setMe(m);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) {
          setMe(null);
        } else {
          setError(toApiError(e));
        }
      });
  }, []);
  useEffect(loadMe, [loadMe]);
  const logout = useCallback(() => {
    void api('/api/auth/logout', { method: 'POST' }).finally(() => {
      setCsrfToken(null);
      setMe(null);
      window.location.hash = '#/';
    });
  }, []);
  const route = useRoute();
  let body: React.JSX.Element;
  if (error) {
    body = <ErrorBox error={error} />;
  } else if (me === undefined) {
    body = <Loading />;
  } else if (me === null) {
    body = <LoginPage onLogin={loadMe} />;
  } else {
    body = (
      <SessionContext.Provider value={{ me, logout }}>
        <Shell me={me} route={route} logout={logout} />
      </SessionContext.Provider>
    );
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function Shell({
  me,
  route,
  logout,
}: {
  me: Api.MeResponse;
  route: Route;
  logout: () => void;
}): React.JSX.Element {
  const { t, lang, setLang } = useI18n();
  const wall = route.parts.length === 0 && route.params.get('screen') === '1';
  const active = `/${route.parts[0] ?? ''}`;
  return (
    <div className={wall ? 'layout wall' : 'layout'}>
      {!wall && (
        <header className="topbar">
          <a className="brand" href="#/">
            <strong>{t('app.name')}</strong> <span>{t('app.tagline')}</span>
          </a>
          <nav aria-label={t('nav.main')}>
            <ul>
              {NAV.filter((n) => !n.authority || can(me, n.authority)).map((n) => (
                <li key={n.path}>
                  <a href={`#${n.path}`} aria-current={active === n.path ? 'page' : undefined}>
                    {t(n.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <button
              type="button"
              className="link"
              onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
              data-testid="language"
            >
              {t('nav.language')}
            </button>
            <a href={href('/account')}>{me.displayName ?? me.username}</a>
            <button type="button" className="link" onClick={logout}>
              {t('nav.logout')}
            </button>
          </div>
        </header>
      )}
      <main id="main">
        <Suspense fallback={<Loading />}>
          <Page route={route} me={me} />
        </Suspense>
      </main>
    </div>
  );
}
