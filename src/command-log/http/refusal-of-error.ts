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

const FASTIFY_ERRORS: Record<string, { code: RejectionCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON: { code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    detail: 'The body is empty although Content-Type is application/json; send a JSON object.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is larger than 64 KiB.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'MALFORMED_JSON',
    detail: 'The Content-Length header does not match the body.',
  },
};

const STATUS_OF: Record<string, number> = {
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

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
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return { status: STATUS_OF[known.code], ...known, refusal: known.code, dropBody: true };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) {
      return {
        status,
        code: 'ROUTE_NOT_FOUND',
        detail: 'No route matches this method and path; see /docs for the API.',
        refusal: 'ROUTE_NOT_FOUND',
        dropBody: false,
      };
    }
    if (status === 413) {
      return { status, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than 64 KiB.', refusal: 'PAYLOAD_TOO_LARGE', dropBody: true };
    }
    if (status < 500) {
      return { status, code: 'BAD_REQUEST', detail: error.message, refusal: 'VALIDATION_FAILED', dropBody: false };
    }
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode,
      code: 'BAD_REQUEST',
      detail: 'The request could not be read; check its headers and body.',
      refusal: 'VALIDATION_FAILED',
      dropBody: true,
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
