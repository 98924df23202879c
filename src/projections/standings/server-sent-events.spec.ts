import { CommandRefusal } from '../../platform/http/refusal';
import { resumePositionOf, sseEvent } from './server-sent-events';

describe('server-sent events of the live standings', () => {
  it('given a page, then its event is one id, one name and one data line, ended by a blank line', () => {
    const page = Buffer.from(JSON.stringify({ title: 'two\nlines', final: false }));
    expect(sseEvent('standings', 42, page).toString()).toBe(
      `id: 42\nevent: standings\ndata: {"title":"two\\nlines","final":false}\n\n`,
    );
  });

  it('given no Last-Event-ID, or an empty one, then the stream resumes nothing', () => {
    expect(resumePositionOf(undefined)).toBeNull();
    expect(resumePositionOf('')).toBeNull();
  });

  it('given a position, then the stream resumes after it', () => {
    expect(resumePositionOf('0')).toBe(0);
    expect(resumePositionOf('1234')).toBe(1234);
    expect(resumePositionOf(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['abc', '-1', '1.5', ' 7', '7, 8', '1e3', '9007199254740992', '12345678901234567'])(
    'given Last-Event-ID %p, then it is refused as VALIDATION_FAILED on that header',
    (header) => {
      let refusal: unknown;
      try {
        resumePositionOf(header);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(CommandRefusal);
      expect(refusal).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'Last-Event-ID' }],
      });
    },
  );
});
