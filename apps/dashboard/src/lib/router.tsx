// Two pages do not need a routing library: the History API, one event, and a Link that uses them.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATE = 'folio:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query, e.g. "/portfolios/42" or "/?q=tech". */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  return new URL(href, 'http://folio.local');
}

export function navigate(to: string, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

export type Route = { page: 'list' } | { page: 'prices' } | { page: 'portfolio'; id: number } | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'list' };
  if (pathname === '/prices' || pathname === '/prices/') return { page: 'prices' };
  const m = /^\/portfolios\/(\d{1,10})\/?$/.exec(pathname);
  if (m?.[1]) return { page: 'portfolio', id: Number(m[1]) };
  return { page: 'not-found' };
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    // Let the browser handle new-tab and download gestures itself.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
