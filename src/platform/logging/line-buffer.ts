import type { DestinationStream } from 'pino';

/** How long a line may wait before it is written anyway. */
const FLUSH_EVERY_MS = 250;
/** Written at once when this many characters are waiting. */
const FLUSH_AT_CHARS = 16 * 1024;

/** Where joined lines go: pino's asynchronous destination (sonic-boom). */
export interface LineSink {
  write(chunk: string): boolean;
  flushSync(): void;
}

/**
 * Log lines kept in an array and handed to the sink joined, many per write. Not sonic-boom's
 * own `minLength`: it appends each line to a growing string and measures that string's bytes on
 * every write, which copies it again each time (about 8 KB allocated per line at 8 KB). A quiet
 * process still shows its lines within FLUSH_EVERY_MS, and what waits is written, synchronously,
 * when the process exits.
 */
export class LineBuffer implements DestinationStream {
  private lines: string[] = [];
  private chars = 0;

  constructor(private readonly sink: LineSink) {
    const timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    timer.unref();
    process.once('exit', () => {
      clearInterval(timer);
      this.flush();
      sink.flushSync();
    });
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= FLUSH_AT_CHARS) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.sink.write(chunk);
  }
}
