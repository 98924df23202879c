import { adminFlow, replyCheck, userFlow } from '@contest/testing';
import { FLOW_ADMIN, flowContext, startTestApp, TestApp } from '@contest/testing/app';

describe('the contract, operation by operation (typed client; every reply checked with Ajv)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: FLOW_ADMIN.username,
      ADMIN_PASSWORD: FLOW_ADMIN.password,
    });
  });
  afterAll(() => t?.close());

  it('a user and an admin go through every operation, each once accepted and once refused, as the document says', async () => {
    await userFlow(flowContext(t), 'flow');
    await adminFlow(flowContext(t), 'flow');

    const check = replyCheck();
    const uncovered = check.operationNames.flatMap((name) => {
      const statuses = [...(check.seen.get(name) ?? [])];
      return [
        ...(statuses.some((s) => s < 300) ? [] : [`${name}: no success reply`]),
        ...(statuses.some((s) => s >= 400) ? [] : [`${name}: no error reply`]),
      ];
    });
    expect(uncovered).toEqual([]);
  }, 180_000);
});
