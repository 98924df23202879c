import { LineBuffer, LineSink } from './line-buffer';

describe('LineBuffer', () => {
  const sink = () => {
    const chunks: string[] = [];
    const target: LineSink = { write: (chunk) => chunks.push(chunk) > 0, flushSync: () => {} };
    return { chunks, target };
  };

  it('given lines under the threshold, then nothing is written until the flush, which writes them in order as one chunk', () => {
    const { chunks, target } = sink();
    const buffer = new LineBuffer(target);
    buffer.write('{"a":1}\n');
    buffer.write('{"b":2}\n');
    expect(chunks).toEqual([]);
    buffer.flush();
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n']);
    buffer.flush();
    expect(chunks).toHaveLength(1);
  });

  it('given 16 K characters waiting, then they are written at once', () => {
    const { chunks, target } = sink();
    const buffer = new LineBuffer(target);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 16; i++) buffer.write(line);
    expect(chunks).toEqual([line.repeat(16)]);
  });

  it('given a quiet process, then its lines are written within a quarter of a second', async () => {
    const { chunks, target } = sink();
    new LineBuffer(target).write('{"quiet":true}\n');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(chunks).toEqual(['{"quiet":true}\n']);
  });
});
