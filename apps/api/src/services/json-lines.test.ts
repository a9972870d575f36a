// The frame around COPY's lines, fed by hand: real COPY sends one message per row, so lines cut across
// chunks (which a network or another driver may produce) are tested here.
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { JsonLinesFrame, type LinesFrame } from './json-lines.js';

const LIST: LinesFrame = { open: '[', first: '', between: ',', close: ']' };
const FILE: LinesFrame = { open: '{"format":"x","portfolios":[', first: '\n', between: ',\n', close: '\n]}\n' };

const framed = (chunks: string[], frame: LinesFrame, options = {}) =>
  text(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(new JsonLinesFrame(frame, options)));

describe('JsonLinesFrame', () => {
  it('joins lines into the list, whatever the chunk boundaries', async () => {
    const lines = '{"id":1,"n":"a"}\n{"id":2,"n":"\\"b\\\\"}\n{"id":3,"n":"ü€😀"}\n';
    const expected = JSON.stringify([{ id: 1, n: 'a' }, { id: 2, n: '"b\\' }, { id: 3, n: 'ü€😀' }]);
    const bytes = Buffer.from(lines);
    for (let cut = 1; cut < bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      const out = await text(Readable.from(chunks).pipe(new JsonLinesFrame(LIST)));
      expect(out).toBe(expected);
    }
  });

  it("re-serialises a line marked '!' the way JSON.stringify writes it, even split in two", async () => {
    expect(await framed(['{"w":1', 'e-05}\n!{"w":1e-05', ',"z":-0}\n'], LIST)).toBe('[{"w":1e-05},{"w":0.00001,"z":0}]');
  });

  it('frames an export file, and an empty one', async () => {
    expect(await framed(['{"id":1}\n{"id":2}\n'], FILE)).toBe('{"format":"x","portfolios":[\n{"id":1},\n{"id":2}\n]}\n');
    expect(await framed([], FILE)).toBe('{"format":"x","portfolios":[\n]}\n');
    expect(await framed([], LIST)).toBe('[]');
  });

  it('hands the whole text to onComplete only when it fits keepUpTo', async () => {
    const kept: string[] = [];
    await framed(['{"id":1}\n'], LIST, { keepUpTo: 100, onComplete: (t: string) => kept.push(t) });
    await framed(['{"id":1}\n'], LIST, { keepUpTo: 5, onComplete: (t: string) => kept.push(t) });
    expect(kept).toEqual(['[{"id":1}]']);
  });

  it('refuses output that ends in the middle of a line', async () => {
    await expect(framed(['{"id":1}\n{"id"'], LIST)).rejects.toThrow(/middle of a line/);
  });
});
