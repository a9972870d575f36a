import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { ApiKeyStore } from '../auth/api-key-store.js';
import { SCOPES, type Scope } from '../auth/api-key-format.js';
import { withDatabase } from './context.js';

const NAME = /^[\w.@-]{1,100}$/;

function keyName(value: string): string {
  if (!NAME.test(value)) throw new InvalidArgumentError('use 1-100 letters, digits, and . _ @ -');
  return value;
}

const when = (d: Date | null) => (d ? d.toISOString() : '-');

/** `folio keys create|list|revoke`: the key itself is printed once, as the last line, and never stored. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys (AUTH=required)');

  keys
    .command('create')
    .description('create a key; prints it as the last line (it cannot be shown again)')
    .requiredOption('--name <name>', 'a unique name for the key, e.g. the client using it', keyName)
    .addOption(new Option('--scope <scope>', 'read, or write (read and write)').choices(SCOPES).default('read'))
    .action((opts: { name: string; scope: Scope }) =>
      withDatabase(async (db) => {
        const store = new ApiKeyStore(db);
        if ((await store.list()).some((k) => k.name === opts.name && !k.revoked_at)) {
          process.stderr.write(`A key named "${opts.name}" already exists; revoke it first or choose another name.\n`);
          process.exitCode = 1;
          return;
        }
        const { key } = await store.create(opts.name, opts.scope);
        process.stderr.write(`Created ${opts.scope} key "${opts.name}". Store it now: it is not kept and cannot be shown again.\n`);
        console.log(key);
      }),
    );

  keys
    .command('list')
    .description('list keys (names and scopes, never the keys)')
    .action(() =>
      withDatabase(async (db) => {
        const rows = await new ApiKeyStore(db).list();
        if (rows.length === 0) {
          console.log('no keys');
          return;
        }
        console.log(['NAME', 'SCOPE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'].join('\t'));
        for (const k of rows) {
          console.log([k.name, k.scope, k.prefix, when(k.created_at), when(k.last_used_at), when(k.revoked_at)].join('\t'));
        }
      }),
    );

  keys
    .command('revoke')
    .description('revoke the active key of that name; requests with it get 401 at once')
    .argument('<name>', 'the key name')
    .action((name: string) =>
      withDatabase(async (db) => {
        if (await new ApiKeyStore(db).revoke(name)) {
          console.log(`revoked "${name}"`);
        } else {
          process.stderr.write(`No active key named "${name}".\n`);
          process.exitCode = 1;
        }
      }),
    );
}
