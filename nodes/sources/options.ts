/** Client (or organization) ids as strings, whatever the editor or an expression gave. */
export function readClientIds(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : value === undefined || value === null ? [] : [value];
	return [...new Set(list.map((v) => String(v).trim()).filter((v) => v !== ''))];
}
