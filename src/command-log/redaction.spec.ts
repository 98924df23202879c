import { redact, REDACTED } from './redaction';

describe('redaction of command payloads', () => {
  it('replaces passwords and tokens at any depth and keeps the rest', () => {
    const payload = {
      username: 'alice',
      password: 'correct horse battery',
      nested: { newPassword: 'x', items: [{ accessToken: 't', title: 'ok' }] },
    };
    expect(redact(payload)).toEqual({
      username: 'alice',
      password: REDACTED,
      nested: { newPassword: REDACTED, items: [{ accessToken: REDACTED, title: 'ok' }] },
    });
  });

  it('does not modify the original payload', () => {
    const payload = { password: 'secret-value' };
    redact(payload);
    expect(payload.password).toBe('secret-value');
  });
});
