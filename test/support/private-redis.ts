// A Redis server of the test's own, on a free port: for tests that pause, kill or restart Redis
// without disturbing anyone else using the machine's Redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from '@folio/db';

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGSTOP: the server keeps its sockets and data but answers nothing (a "paused" Redis) */
  pause: () => void;
  /** SIGCONT after pause() */
  resume: () => void;
  /** stops the server (its data is gone: nothing is persisted) */
  stop: () => Promise<void>;
  /** starts it again on the same port */
  restart: () => Promise<void>;
}

export function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error('redis-server is not installed: install it (Debian: apt-get install redis-server) or set REDIS_URL');
  }
  return found;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const binary = redisServerBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await answersPing(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`private redis-server did not start on port ${port}`);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGCONT');
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}

async function answersPing(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(200);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
