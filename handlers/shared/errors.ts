/**
 * Domain errors. Each class carries its own HTTP status code, as Powertools event-handler's
 * `HttpError` subclasses do, so the mapping lives with the class and a new class cannot be
 * thrown without deciding its status (the base class is abstract). `errorResponse` in http.ts
 * turns any of them into `{ "error": { "code", "message", ...details } }` with that status.
 */
export abstract class DomainError extends Error {
    /** The HTTP status the API answers with. */
    abstract readonly statusCode: number;
    constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
        super(message);
    }
}
/** 400: the request is malformed or fails validation. */
export class ValidationError extends DomainError { readonly statusCode = 400; constructor(m: string, d?: Record<string, unknown>) { super("VALIDATION", m, d); } }
/** 401: no usable identity in the authorizer's claims. */
export class UnauthorizedError extends DomainError { readonly statusCode = 401; constructor(m = "Missing or invalid identity") { super("UNAUTHORIZED", m); } }
/** 403: the caller is known but may not do this. */
export class ForbiddenError extends DomainError { readonly statusCode = 403; constructor(code = "FORBIDDEN", m = "Not allowed") { super(code, m); } }
/** 404: no such resource (or not visible to the caller). */
export class NotFoundError extends DomainError { readonly statusCode = 404; constructor(m = "Not found") { super("NOT_FOUND", m); } }
/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends DomainError { readonly statusCode = 405; constructor(m = "Method not allowed") { super("METHOD_NOT_ALLOWED", m); } }
/** 409: the request conflicts with the current state (stale version, already decided, ...). */
export class ConflictError extends DomainError { readonly statusCode = 409; constructor(code: string, m: string, d?: Record<string, unknown>) { super(code, m, d); } }
/** 410: the resource existed and is gone for good (an expired approval). */
export class GoneError extends DomainError { readonly statusCode = 410; constructor(code: string, m: string) { super(code, m); } }
/** 413: the body is larger than the handler accepts. */
export class PayloadTooLargeError extends DomainError { readonly statusCode = 413; constructor(m: string) { super("PAYLOAD_TOO_LARGE", m); } }
/** 415: the body is not JSON. */
export class UnsupportedMediaTypeError extends DomainError { readonly statusCode = 415; constructor(m = "Content-Type must be application/json") { super("UNSUPPORTED_MEDIA_TYPE", m); } }
/** 503: a dependency is unavailable and nothing was changed; the client may retry. */
export class ServiceUnavailableError extends DomainError { readonly statusCode = 503; constructor(m: string, d?: Record<string, unknown>) { super("SERVICE_UNAVAILABLE", m, d); } }
