/** Domain errors, mapped to HTTP status codes in one place ({@link statusOf}). */
export class DomainError extends Error {
    constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
        super(message);
    }
}
export class ValidationError extends DomainError { constructor(m: string, d?: Record<string, unknown>) { super("VALIDATION", m, d); } }
export class UnauthorizedError extends DomainError { constructor(m = "Missing or invalid identity") { super("UNAUTHORIZED", m); } }
export class NotFoundError extends DomainError { constructor(m = "Not found") { super("NOT_FOUND", m); } }
export class ConflictError extends DomainError { constructor(code: string, m: string, d?: Record<string, unknown>) { super(code, m, d); } }
export class PayloadTooLargeError extends DomainError { constructor(m: string) { super("PAYLOAD_TOO_LARGE", m); } }
export class UnsupportedMediaTypeError extends DomainError { constructor(m = "Content-Type must be application/json") { super("UNSUPPORTED_MEDIA_TYPE", m); } }
export class ForbiddenError extends DomainError { constructor(code = "FORBIDDEN", m = "Not allowed") { super(code, m); } }
export class GoneError extends DomainError { constructor(code: string, m: string) { super(code, m); } }
export class ServiceUnavailableError extends DomainError { constructor(m: string) { super("SERVICE_UNAVAILABLE", m); } }
export class MethodNotAllowedError extends DomainError { constructor(m = "Method not allowed") { super("METHOD_NOT_ALLOWED", m); } }

/** HTTP status of a domain error. */
export function statusOf(e: DomainError): number {
    if (e instanceof ValidationError) return 400;
    if (e instanceof UnauthorizedError) return 401;
    if (e instanceof ForbiddenError) return 403;
    if (e instanceof NotFoundError) return 404;
    if (e instanceof MethodNotAllowedError) return 405;
    if (e instanceof ConflictError) return 409;
    if (e instanceof GoneError) return 410;
    if (e instanceof PayloadTooLargeError) return 413;
    if (e instanceof UnsupportedMediaTypeError) return 415;
    if (e instanceof ServiceUnavailableError) return 503;
    return 400;
}
