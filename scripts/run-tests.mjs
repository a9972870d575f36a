// `pnpm test`: type-check, run every vitest suite, and end with the one line CI reads: "N passed, N failed".
// The type-check runs beside vitest (it is CPU while much of the suite waits on Postgres and processes);
// its output is printed after vitest's, so the two never interleave.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
rmSync(results, { force: true });

/** Runs a command with its output captured; resolves to its status and output. */
function captured(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ status: 1, output: `${output}${err.message}\n` }));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

const typecheck = (async () => {
  const packages = await captured('pnpm', ['-s', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
  const root = packages.status === 0 ? await captured('pnpm', ['-s', 'exec', 'tsc', '-p', 'tsconfig.json']) : { status: 0, output: '' };
  return { failed: packages.status !== 0 || root.status !== 0, output: packages.output + root.output };
})();

const vitestStatus = await new Promise((resolve) => {
  const child = spawn(
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
    { stdio: 'inherit', shell: false },
  );
  child.on('error', () => resolve(1));
  child.on('close', (status) => resolve(status ?? 1));
});

const { failed: typecheckFailed, output: typecheckOutput } = await typecheck;
process.stdout.write(`\n${typecheckOutput}`);
console.log(typecheckFailed ? 'type-check: FAILED' : 'type-check: passed');

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
