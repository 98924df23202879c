import { HttpException } from '@nestjs/common';
import { RejectionCode } from '@contest/domain';
import { FieldProblem } from './problem';
import { CommandRefusal } from './refusal';

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

/** A refusal whose body must not be stored (only its type and size are): too deep, say. */
export class BodyNotStoredRefusal extends CommandRefusal {}

/**
 * One of Fastify's own errors (body parsing, size, URL), carried past Nest with its code: Nest
 * would turn it into a bare HttpException that keeps only the message.
 */
export class FrameworkError extends Error {
  constructor(
    readonly frameworkCode: string,
    readonly frameworkStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'FrameworkError';
  }

  static of(error: unknown): FrameworkError | null {
    if (!(error instanceof Error) || error.name !== 'FastifyError') return null;
    const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
    return new FrameworkError(
      typeof code === 'string' ? code : 'FST_ERR',
      typeof statusCode === 'number' ? statusCode : 500,
      error.message,
    );
  }
}

const REFUSAL_DETAIL: Partial<Record<RejectionCode, string>> = {
  MALFORMED_JSON: 'The request body is not valid JSON; send a JSON object.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 64 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
  ROUTE_NOT_FOUND: 'No route matches this method and path; see /docs for the API.',
  URI_TOO_LONG: 'The URL is too long.',
  VALIDATION_FAILED: 'The request could not be read; check its URL, headers and body.',
};

/** Fastify's error codes and the refusals they are; the body of each was never read whole. */
const FRAMEWORK_REFUSAL: Readonly<Record<string, RejectionCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
};

function classifyFrameworkError(error: FrameworkError): ClassifiedError {
  const code =
    FRAMEWORK_REFUSAL[error.frameworkCode] ??
    (error.frameworkStatus < 500 ? 'VALIDATION_FAILED' : null);
  if (code === null) return internalError();
  const errors =
    error.frameworkCode === 'FST_ERR_BAD_URL'
      ? [{ path: 'url', message: 'the path is not valid percent-encoded UTF-8' }]
      : undefined;
  return {
    status: 0, // filled from the rejection table by the caller
    code,
    detail: REFUSAL_DETAIL[code]!,
    errors,
    refusal: code,
    dropBody: code !== 'ROUTE_NOT_FOUND',
  };
}

/** Nest's own HttpExceptions (its not-found handler, built-in pipes): told apart by status. */
function refusalOfHttpError(status: number, message: string): RejectionCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'ROUTE_NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 414) return 'URI_TOO_LONG';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 400 && /json|body/i.test(message)) return 'MALFORMED_JSON';
  return 'VALIDATION_FAILED';
}

function internalError(): ClassifiedError {
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    detail: 'Something went wrong on our side; the request was not recorded. Try again.',
    refusal: null,
    dropBody: true,
  };
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
      dropBody: error instanceof BodyNotStoredRefusal,
    };
  }
  const framework = error instanceof FrameworkError ? error : FrameworkError.of(error);
  if (framework) return classifyFrameworkError(framework);
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const code = refusalOfHttpError(status, error.message);
    return {
      status: 0, // filled from the rejection table by the caller
      code,
      detail: REFUSAL_DETAIL[code] ?? error.message.slice(0, 200),
      refusal: code,
      dropBody: code !== 'ROUTE_NOT_FOUND' && code !== 'VALIDATION_FAILED',
    };
  }
  return internalError();
}
