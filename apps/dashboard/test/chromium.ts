// Finds the Chromium the end-to-end tests drive. A fresh Debian machine has none, and Playwright's own
// browser download cannot reach its CDN here, so as root with apt-get we install Debian's package.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const HOW_TO =
  'Install it with `apt-get install -y chromium` (Debian/Ubuntu, as root) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

export function ensureChromium(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (existsSync(given)) return given;
    throw new Error(`CHROMIUM_PATH is ${given}, but there is no file there. ${HOW_TO}`);
  }
  const found = CANDIDATES.find((c) => existsSync(c));
  if (found) return found;

  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const apt = (...args: string[]) =>
      spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let result = apt('install', '-y', 'chromium');
    if (result.status !== 0) {
      apt('update'); // a fresh image may have no package lists yet
      result = apt('install', '-y', 'chromium');
    }
    const installed = CANDIDATES.find((c) => existsSync(c));
    if (installed) return installed;
    throw new Error(`No Chromium found, and \`apt-get install -y chromium\` failed:\n${result.stderr}\n${HOW_TO}`);
  }
  throw new Error(`No Chromium found for the dashboard end-to-end tests. ${HOW_TO}`);
}

/** From FIELD-NOTES: without the background-networking flags Chromium keeps dialling Google's hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
