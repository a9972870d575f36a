import { describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { startPrivateRedis } from './private-redis.js';

const ping = (port: number) =>
  new Promise<string>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' }, () => s.write('PING\r\n'));
    s.setTimeout(300, () => (s.destroy(), resolve('timeout')));
    s.once('data', (d) => (s.destroy(), resolve(d.toString().trim())));
    s.once('error', () => resolve('error'));
  });

describe('private redis for fault tests', () => {
  it('answers, pauses (no answer), resumes, stops and restarts on the same port', async () => {
    const redis = await startPrivateRedis();
    try {
      expect(await ping(redis.port)).toBe('+PONG');
      redis.pause();
      expect(await ping(redis.port)).toBe('timeout');
      redis.resume();
      expect(await ping(redis.port)).toBe('+PONG');
      await redis.stop();
      expect(await ping(redis.port)).toBe('error');
      await redis.restart();
      expect(await ping(redis.port)).toBe('+PONG');
    } finally {
      await redis.stop();
    }
  });
});
