import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { readApiKey } from './api-key';
import { ApiKeyPrompt } from './components/api-key-prompt';
import { Link, matchRoute, useLocation } from './lib/router';
import { isUnauthorized, problemOf } from './problem';
import { createClient, TRPCProvider } from './trpc';
import { PortfolioListPage } from './views/portfolio-list-page';
import { PortfolioPage } from './views/portfolio-page';

type KeyPrompt = 'closed' | 'asked' | 'refused';

export function App() {
  const [prompt, setPrompt] = useState<KeyPrompt>('closed');
  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (isUnauthorized(error)) setPrompt('refused');
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          staleTime: 5_000,
          // A 4xx will not change by asking again; a dropped connection or a 503 may.
          retry: (count, error) => {
            const status = problemOf(error).status;
            return !(status >= 400 && status < 500) && count < 2;
          },
        },
      },
    });
  });
  const [trpcClient] = useState(() => createClient());

  const closePrompt = (changed: boolean) => {
    setPrompt('closed');
    if (changed) void queryClient.invalidateQueries();
  };

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <header className="topbar">
          <Link href="/" className="brand">
            Folio
          </Link>
          <span className="topbar__subtitle">Portfolio dashboard</span>
          <button type="button" className="topbar__key" onClick={() => setPrompt('asked')}>
            {readApiKey() ? 'Change API key' : 'Set API key'}
          </button>
        </header>
        <main className="page">
          <Routes />
        </main>
        {prompt !== 'closed' ? <ApiKeyPrompt refused={prompt === 'refused'} onDone={closePrompt} /> : null}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function Routes() {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  // Reading order restarts at the top of a new page, as after a full page load. Braces matter:
  // Chromium's scrollTo now returns a promise, and React would call an effect's return value.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);
  switch (route.page) {
    case 'list':
      return <PortfolioListPage search={location.searchParams} />;
    case 'portfolio':
      return <PortfolioPage key={route.id} id={route.id} />;
    case 'not-found':
      return <NotFound />;
  }
}

function NotFound() {
  useEffect(() => {
    document.title = 'Not found · Folio';
  }, []);
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/">Go to all portfolios</Link>.
      </p>
    </section>
  );
}
