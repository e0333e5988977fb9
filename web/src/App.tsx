// Top level: sign-in, the session, and which page the path shows.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { loadCapabilities, type Capabilities } from './api/capabilities.ts';
import { toApiError, type ApiError } from './api/errors.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Layout } from './components/Layout.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { NamesProvider } from './names.tsx';
import { AgenciesPage } from './pages/AgenciesPage.tsx';
import { GalleriesPage } from './pages/GalleriesPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ModelsPage } from './pages/ModelsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { WorkflowPage } from './pages/WorkflowPage.tsx';
import { usePath } from './router.ts';
import { forgetToken, rememberedToken, SessionContext, signIn, type Session, type SessionData } from './session.tsx';
import { workflows } from './workflows.ts';

export function App() {
  const { t } = useI18n();
  const path = usePath().split('?')[0];
  const [data, setData] = useState<SessionData>();
  const [ended, setEnded] = useState<ApiError>();
  const [restoring, setRestoring] = useState(() => rememberedToken() !== null);
  const [caps, setCaps] = useState<Capabilities>();

  useEffect(() => {
    const token = rememberedToken();
    if (!token) return;
    signIn(token)
      .then(setData, (e: unknown) => setEnded(toApiError(e)))
      .finally(() => setRestoring(false));
  }, []);

  useEffect(() => {
    // Unknown capabilities leave every workflow marked unavailable; that is the safe reading.
    loadCapabilities().then(setCaps, () => setCaps(undefined));
  }, [data?.me.id]);

  const end = useCallback((reason?: ApiError) => {
    forgetToken();
    setData(undefined);
    setEnded(reason);
  }, []);
  const session = useMemo<Session | null>(() => (data ? { ...data, end } : null), [data, end]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  if (restoring) return <p className="centered">{t('common.loading')}</p>;
  if (!session)
    return (
      <LoginPage
        ended={ended}
        onSignedIn={(s) => {
          setEnded(undefined);
          setData(s);
        }}
      />
    );
  return (
    <SessionContext.Provider value={session}>
      <Layout path={path} caps={caps}>
        <ErrorBoundary resetKey={path}>
          <NamesProvider key={path}>{pageFor(path, caps)}</NamesProvider>
        </ErrorBoundary>
      </Layout>
    </SessionContext.Provider>
  );
}

function pageFor(path: string, caps: Capabilities | undefined) {
  switch (path) {
    case '/':
      return <OverviewPage caps={caps} />;
    case '/galleries':
      return <GalleriesPage />;
    case '/users':
      return <UsersPage />;
    case '/agencies':
      return <AgenciesPage />;
    case '/models':
      return <ModelsPage />;
  }
  const workflow = workflows.find((w) => w.path === path);
  return workflow ? <WorkflowPage workflow={workflow} caps={caps} /> : <NotFoundPage />;
}
