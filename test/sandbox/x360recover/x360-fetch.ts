/** Plain fetch calls against a started x360Recover stand-in, the way any x360Recover client makes them. */
import { X360Recover } from '../../../sandbox/x360recover/server';

export interface X360Reply {
	status: number;
	contentType: string;
	headers: Headers;
	body: any;
}

async function reply(res: Response): Promise<X360Reply> {
	const text = await res.text();
	let body: unknown = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		// not JSON: kept as text
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, body };
}

/** `path` below the base URL (`/client/4101`) with the query, or a full URL. */
export async function get(x: X360Recover, path: string, headers: Record<string, string> = { 'x-api-key': x.apiKey }, method = 'GET', body?: unknown): Promise<X360Reply> {
	const url = path.startsWith('http') ? path : `${x.baseUrl}${path}`;
	return reply(await fetch(url, { method, headers: { Accept: 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }));
}

export async function admin(x: X360Recover, method: string, path: string, body?: unknown): Promise<X360Reply> {
	return reply(await fetch(`${x.adminUrl}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }));
}

/** Walks `/device` by limit/offset until a short page, as public clients do (no total is given). */
export async function allDevices(x: X360Recover, limit = 100): Promise<any[]> {
	const out: any[] = [];
	for (let offset = 0; ; offset += limit) {
		const page = await get(x, `/device?limit=${limit}&offset=${offset}`);
		if (page.status !== 200) throw new Error(`/device answered ${page.status}`);
		out.push(...page.body);
		if (page.body.length < limit) return out;
	}
}
