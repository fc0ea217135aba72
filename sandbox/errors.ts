/**
 * Errors the sandbox answers with, in Autotask's two body shapes:
 * - `{ errors: [...] }` for answers from the API itself (auth, validation, business rules, records);
 * - `{ Message: "..." }` for route-level 404/405 (no such route, verb not on the route), as Autotask's
 *   web framework answers them (Anteris-Dev/autotask-client#12, WYRE-AI/autotask-mcp PR #170).
 *
 * A refusal (validation or business rule) carries no fixed status: real Autotask answers most of them
 * with 500, and the tenant setting `refusalStatus` (500 by default, 400 for old tests) decides.
 */
export type ErrorShape = 'errors' | 'message';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly errors: string[],
		readonly shape: ErrorShape = 'errors',
		/** True for validation and business-rule refusals: the status comes from the tenant setting. */
		readonly refusal = false,
	) {
		super(errors.join('; '));
	}

	/** The status to send, given the tenant's refusal status. */
	statusFor(refusalStatus: number): number {
		return this.refusal ? refusalStatus : this.status;
	}

	body(): { errors: string[] } | { Message: string } {
		return this.shape === 'message' ? { Message: this.errors.join(' ') } : errorBody(this.errors);
	}
}

/** A validation or business-rule refusal; sent with the tenant's `refusalStatus`. */
export const refused = (...errors: string[]) => new ApiError(500, errors, 'errors', true);
export const notFound = (...errors: string[]) => new ApiError(404, errors);

/** Autotask's route-level 405 text, word for word (its body uses a capital-M `Message`). */
export const notAllowed = (method: string) =>
	new ApiError(
		405,
		[`The requested resource does not support http method '${method}'.`],
		'message',
	);

/** Route-level 404: nothing answers at that path (the framework's wording; the status is Autotask's). */
export const noRoute = (url: string) =>
	new ApiError(
		404,
		[`No HTTP resource was found that matches the request URI '${url}'.`],
		'message',
	);

export function errorBody(errors: string[]) {
	return { errors };
}
