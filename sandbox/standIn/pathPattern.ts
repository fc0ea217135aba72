/** Route patterns such as `/client/{id}/device` matched against a request path, for the stand-ins. */

export const splitPath = (path: string) => path.split('/').filter((s) => s !== '');

/** The `{name}` parameters of `pattern` taken from `segments` (decoded), or undefined when it does not fit. */
export function matchPattern(
	pattern: string,
	segments: string[],
): Record<string, string> | undefined {
	const parts = splitPath(pattern);
	if (parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < parts.length; i++) {
		if (!parts[i].startsWith('{')) {
			if (parts[i] !== segments[i]) return undefined;
			continue;
		}
		const value = decoded(segments[i]);
		if (value === undefined) return undefined;
		params[parts[i].slice(1, -1)] = value;
	}
	return params;
}

/** A segment with broken %-encoding fits no pattern (an unknown route), rather than throwing. */
function decoded(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment);
	} catch {
		return undefined;
	}
}

/** A request's route key and its path parameters (strings, or what the stand-in turns them into). */
export interface RouteMatch<R extends string, P = string> {
	route: R;
	params: Record<string, P>;
}

/**
 * The first route of `routes` (`GET /client/{client_id}`) whose method and pattern fit and whose
 * parameters `accept` takes (a stand-in's own rule, such as numeric ids); literal routes listed first win.
 */
export function matchRouteTable<R extends string>(
	routes: readonly R[],
	method: string,
	path: string,
	accept: (params: Record<string, string>) => boolean = () => true,
): RouteMatch<R> | undefined {
	const segments = splitPath(path);
	for (const route of routes) {
		const [verb, pattern] = route.split(' ');
		if (verb !== method) continue;
		const params = matchPattern(pattern, segments);
		if (params && accept(params)) return { route, params };
	}
	return undefined;
}
