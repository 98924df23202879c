import { HttpException } from '@nestjs/common';
import { RejectionCode } from '@contest/domain';
import { CommandRefusal, FieldProblem } from './command-refusal';

export interface ClassifiedError {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  /** A refusal of the client's request (4xx), to be logged as a rejected command. */
  readonly refusal: RejectionCode | null;
  /** Keep the body out of the log (it was too large to read, or could not be parsed). */
  readonly dropBody: boolean;
}

const REFUSAL_DETAIL: Partial<Record<RejectionCode, string>> = {
  MALFORMED_JSON: 'The request body is not valid JSON; send a JSON object.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 64 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
};

/**
 * Fastify's own errors (body parsing, size) reach Nest as plain HttpExceptions: their codes
 * are lost, so they are told apart by status and message.
 */
function refusalOfHttpError(status: number, message: string): RejectionCode {
  if (status === 404) return 'ROUTE_NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 400 && /json|body/i.test(message)) return 'MALFORMED_JSON';
  return 'VALIDATION_FAILED';
}

/** Turns whatever was thrown into the reply the client gets; unknown errors become a 500. */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof CommandRefusal) {
    return {
      status: 0, // filled from the rejection table by the caller
      code: error.code,
      detail: error.detail,
      errors: error.errors,
      refusal: error.code,
      dropBody: false,
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const code = refusalOfHttpError(status, error.message);
    const detail =
      code === 'ROUTE_NOT_FOUND'
        ? 'No route matches this method and path; see /docs for the API.'
        : (REFUSAL_DETAIL[code] ?? 'The request could not be read; check its headers and body.');
    return {
      status,
      code,
      detail,
      refusal: code,
      dropBody: code !== 'ROUTE_NOT_FOUND' && code !== 'VALIDATION_FAILED',
    };
  }
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    detail: 'Something went wrong on our side; the request was not recorded. Try again.',
    refusal: null,
    dropBody: true,
  };
}
