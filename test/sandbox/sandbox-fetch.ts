/** Plain fetch calls against a started sandbox, the way any Autotask client would make them. */
import { Sandbox } from '../../sandbox/server';

export interface Reply {
	status: number;
	body: any;
}

export function authHeaders(sb: Sandbox): Record<string, string> {
	return {
		ApiIntegrationCode: sb.credentials.integrationCode,
		UserName: sb.credentials.username,
		Secret: sb.credentials.secret,
		'Content-Type': 'application/json',
	};
}

/** `path` is below the V1.0 base (e.g. 'Tickets/query') or a full URL (e.g. a nextPageUrl). */
export async function call(
	sb: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = authHeaders(sb),
): Promise<Reply> {
	const url = path.startsWith('http') ? path : `${sb.baseUrl}/${path}`;
	const res = await fetch(url, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

export const query = (
	sb: Sandbox,
	entity: string,
	filter: unknown[],
	extra: Record<string, unknown> = {},
) => call(sb, 'POST', `${entity}/query`, { filter, ...extra });

export async function ids(sb: Sandbox, entity: string, filter: unknown[]): Promise<number[]> {
	const r = await query(sb, entity, filter);
	if (r.status !== 200)
		throw new Error(`query ${entity} answered ${r.status}: ${JSON.stringify(r.body)}`);
	return r.body.items.map((i: { id: number }) => i.id);
}

export async function admin(
	sb: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<Reply> {
	const res = await fetch(`${sb.adminUrl}/${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}
