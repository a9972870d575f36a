import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { readApiKey } from './api-key';
import { ApiKeyPrompt } from './components/api-key-prompt';
import { Link, matchRoute, useLocation } from './lib/router';
import { isUnauthorized, problemOf } from './problem';
import { createClient, TRPCProvider, useTRPC } from './trpc';
import { PortfolioListPage } from './views/portfolio-list-page';
import { PortfolioPage } from './views/portfolio-page';
import { PricesPage } from './views/prices-page';

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
          <nav aria-label="Main" className="topbar__nav">
            <Link href="/">Portfolios</Link>
            <Link href="/prices">Prices</Link>
          </nav>
          <ApiKeyButton onClick={() => setPrompt('asked')} />
        </header>
        <Main />
        {prompt !== 'closed' ? <ApiKeyPrompt refused={prompt === 'refused'} onDone={closePrompt} /> : null}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * Offered only where the server wants keys (its `system.config`), or where one is already stored (so
 * it can be changed or removed). An older server without `system.config` gets the button.
 */
function ApiKeyButton({ onClick }: { onClick: () => void }) {
  const trpc = useTRPC();
  const config = useQuery({ ...trpc.system.config.queryOptions(), staleTime: Infinity });
  const stored = readApiKey();
  if (!stored && (config.isPending || config.data?.auth === 'off')) return null;
  return (
    <button type="button" className="topbar__key" onClick={onClick}>
      {stored ? 'Change API key' : 'Set API key'}
    </button>
  );
}

/**
 * After a client-side page change, reading starts again at the top, as after a full page load:
 * scroll up and move focus to <main>, so a screen reader announces the new page rather than nothing.
 */
function Main() {
  const { pathname } = useLocation();
  const ref = useRef<HTMLElement>(null);
  const shown = useRef(pathname); // not a flag: StrictMode runs effects twice on mount
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    window.scrollTo(0, 0); // in braces: Chromium's scrollTo returns a promise, which React would call
    ref.current?.focus();
  }, [pathname]);
  return (
    <main className="page" ref={ref} tabIndex={-1}>
      <Routes />
    </main>
  );
}

function Routes() {
  const location = useLocation();
  const route = matchRoute(location.pathname);
  switch (route.page) {
    case 'list':
      return <PortfolioListPage search={location.searchParams} />;
    case 'prices':
      return <PricesPage />;
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
