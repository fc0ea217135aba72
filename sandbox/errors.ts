/** Errors the sandbox answers with, in Autotask's `{ errors: [...] }` body shape. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly errors: string[],
	) {
		super(errors.join('; '));
	}
}

export const badRequest = (...errors: string[]) => new ApiError(400, errors);
export const notFound = (...errors: string[]) => new ApiError(404, errors);
export const notAllowed = (method: string, path: string) =>
	new ApiError(405, [`The requested resource does not support http method '${method}' (${path}).`]);

export function errorBody(errors: string[]) {
	return { errors };
}
