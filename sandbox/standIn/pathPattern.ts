/** Route patterns such as `/client/{id}/device` matched against a request path, for the stand-ins. */

export const splitPath = (path: string) => path.split('/').filter((s) => s !== '');

/** The `{name}` parameters of `pattern` taken from `segments` (decoded), or undefined when it does not fit. */
export function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
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
