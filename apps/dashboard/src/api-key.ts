// The API key lives in localStorage so a reload keeps it; the tRPC link reads it on every request.
const STORAGE_KEY = 'folio.apiKey';

export function readApiKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled (private modes); then the key lasts as long as the page
  }
}

export function saveApiKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(STORAGE_KEY, key);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // see readApiKey
  }
}

export function authorizationHeader(): Record<string, string> {
  const key = readApiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}
