// `pnpm test`: type-check, run every vitest suite, and end with the one line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
rmSync(results, { force: true });
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;

const typecheckFailed =
  run('pnpm', ['-s', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']) !== 0 ||
  run('pnpm', ['-s', 'exec', 'tsc', '-p', 'tsconfig.json']) !== 0;
const vitestStatus = run('pnpm', [
  'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
try {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
} catch {
  failed += 1; // vitest produced no report: count the run itself as a failure
}
if (typecheckFailed) failed += 1;
if (vitestStatus !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
