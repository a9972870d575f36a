// `pnpm --filter @folio/analytics bench`: each analysis against the target, on this machine
// as it is now. Wall time is what a caller waits; CPU time is what the work costs, and stays honest
// on a shared machine where wall time waits for other processes (the load average is printed).
// The ratio is CPU time / target.
import { loadavg } from 'node:os';
import { runAnalyticsBench } from './analytics-bench.js';

const rows = runAnalyticsBench(Number(process.env.BENCH_RUNS ?? 7));
const [oneMinute] = loadavg();
console.log(`@folio/analytics bench — median of ${rows[0]?.runs ?? 0} runs after a warm-up; load average ${oneMinute!.toFixed(2)}`);
console.log(`${'analysis'.padEnd(44)}${'wall ms'.padStart(10)}${'cpu ms'.padStart(10)}${'target'.padStart(10)}${'ratio'.padStart(8)}`);
for (const row of rows) {
  const ratio = row.cpuMs / row.targetMs;
  console.log(
    row.name.padEnd(44) +
      row.ms.toFixed(1).padStart(10) +
      row.cpuMs.toFixed(1).padStart(10) +
      `< ${row.targetMs}`.padStart(10) +
      ratio.toFixed(2).padStart(8) +
      (ratio < 1 ? '' : '  over target'),
  );
}
