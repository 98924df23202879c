import fc from 'fast-check';
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

  it('keeps the outcome of a check on a secret: a login stores whether the password matched', () => {
    expect(redact({ username: 'alice', passwordMatches: false, password: true })).toEqual({
      username: 'alice',
      passwordMatches: false,
      password: REDACTED,
    });
    expect(redact({ passwordMatches: 'hunter2' })).toEqual({ passwordMatches: REDACTED });
  });

  it('does not modify the original payload', () => {
    const payload = { password: 'secret-value' };
    redact(payload);
    expect(payload.password).toBe('secret-value');
  });
});

describe('redaction of any JSON shape', () => {
  const secretName = fc.constantFrom('password', 'newPassword', 'apiKey', 'accessToken', 'secret');
  // A value that holds `secret` under a secret-named key somewhere inside, at any depth.
  const holding = (secret: string) =>
    fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc
          .tuple(secretName, fc.dictionary(fc.string(), fc.jsonValue()))
          .map(([name, rest]) => ({ ...rest, [name]: secret })),
        fc
          .tuple(fc.array(fc.jsonValue(), { maxLength: 3 }), tie('tree'), fc.nat(3))
          .map(([items, inner, at]) => [...items.slice(0, at), inner, ...items.slice(at)]),
        fc
          .tuple(fc.string(), tie('tree'), fc.dictionary(fc.string(), fc.jsonValue()))
          .map(([name, inner, rest]) => ({ ...rest, [`${name}_`]: inner })),
      ),
    })).tree;
  const secretValue = fc.string({ minLength: 12 }).map((s) => `S3CR3T-${s}`);

  it('leaves none of the secret values in the JSON text, for any shape and depth', () => {
    fc.assert(
      fc.property(
        secretValue.chain((secret) => fc.tuple(fc.constant(secret), holding(secret))),
        ([secret, tree]) => {
          const text = JSON.stringify(redact(tree));
          expect(JSON.stringify(tree)).toContain(JSON.stringify(secret));
          expect(text).not.toContain(JSON.stringify(secret));
        },
      ),
      { seed: 20260101, numRuns: 300 },
    );
  });

  it('redacts a secret 100,000 levels deep without running out of stack', () => {
    let deep: unknown = { token: 'deep-secret-value' };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { a: deep } : [deep];
    const redacted = redact(deep);
    let node = redacted as Record<string, unknown> | unknown[];
    for (let i = 99_999; i >= 0; i--)
      node = (i % 2 ? (node as Record<string, unknown>).a : (node as unknown[])[0]) as typeof node;
    expect(node).toEqual({ token: REDACTED });
  });

  it('keeps bodies that are not objects as they are (they are stored only as type and size)', () => {
    expect(redact([1, 'two', null])).toEqual([1, 'two', null]);
    expect(redact('text')).toBe('text');
    expect(redact(null)).toBeNull();
  });
});
