// ad-hoc: node bench/load-once.mjs URL kind seconds
import autocannon from 'autocannon';
const [url, kind, seconds = '6', conns = '32'] = process.argv.slice(2);
let n = 0; const run = Date.now().toString(36).toUpperCase();
const next = () => {
  n += 1;
  if (kind === 'post') return { method: 'POST', path: `/api/portfolios/${(n % 10000) + 1}/stocks`, body: JSON.stringify({ ticker: `W${run}${n}`, shares: 1 }), headers: { 'content-type': 'application/json' } };
  if (kind === 'barepost') return { method: 'POST', path: `/portfolios/${(n % 10000) + 1}/stocks`, body: JSON.stringify({ ticker: `B${run}${n}`, shares: 1 }), headers: { 'content-type': 'application/json' } };
  if (kind === 'put') return { method: 'PUT', path: `/api/portfolios/${(n % 10000) + 1}`, body: JSON.stringify({ name: `R${n}` }), headers: { 'content-type': 'application/json' } };
  if (kind === 'bareput') return { method: 'PUT', path: `/portfolios/${(n % 10000) + 1}`, body: JSON.stringify({ name: `R${n}` }), headers: { 'content-type': 'application/json' } };
  if (kind === "list") return { method: "GET", path: "/api/portfolios" };
  if (kind === "barelist") return { method: "GET", path: "/portfolios" };
  if (kind === 'get') return { method: 'GET', path: `/api/portfolios/${(n % 100) + 1}` };
  if (kind === 'bareget') return { method: 'GET', path: `/portfolios/${(n % 100) + 1}` };
  throw new Error(kind);
};
const r = await autocannon({ url, connections: Number(conns), duration: Number(seconds), requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] });
console.log(kind, 'req/s', Math.round(r.requests.average), 'p50', r.latency.p50, 'p99', r.latency.p99, 'non2xx', r.non2xx, 'errors', r.errors);
