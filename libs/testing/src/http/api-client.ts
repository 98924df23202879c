import { ContestClient, createContestClient } from '@contest/client';
import { assertReplyInContract } from '../contract/reply-check';

/**
 * The typed client a web app uses (@contest/client), for end-to-end tests: every reply is
 * checked against the contract, so one the document does not allow fails the test.
 */
export function apiClient(baseUrl: string, token?: string): ContestClient {
  return createContestClient(baseUrl, {
    token,
    middleware: [
      {
        onResponse: async ({ request, response }) => {
          const url = new URL(request.url);
          assertReplyInContract({
            method: request.method,
            path: `${url.pathname}${url.search}`,
            status: response.status,
            headers: response.headers,
            text: await response.clone().text(),
          });
          return response;
        },
      },
    ],
  });
}
