/** Plain fetch calls against a started Datto BCDR stand-in, the way any Datto client makes them (HTTP Basic). */
import { DattoStandIn } from '../../../sandbox/datto/server';

export interface DattoReply {
	status: number;
	contentType: string;
	headers: Headers;
	body: any;
}

async function reply(res: Response): Promise<DattoReply> {
	const text = await res.text();
	let body: unknown = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		// not JSON: kept as text
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, body };
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** `path` below the base URL (`/bcdr/device?_page=2`) or a full URL; `authorization` null sends none. */
export async function get(d: DattoStandIn, path: string, authorization: string | null = basic(d.publicKey, d.secretKey), method = 'GET'): Promise<DattoReply> {
	const url = path.startsWith('http') ? path : `${d.baseUrl}${path}`;
	const headers: Record<string, string> = { Accept: 'application/json', ...(authorization === null ? {} : { Authorization: authorization }) };
	return reply(await fetch(url, { method, headers }));
}

export async function admin(d: DattoStandIn, method: string, path: string, body?: unknown): Promise<DattoReply> {
	return reply(await fetch(`${d.adminUrl}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }));
}

/** Walks `/bcdr/device` by `_page` until `totalPages`, as the PowerShell wrapper's -allPages does. */
export async function allDevices(d: DattoStandIn, perPage = 100): Promise<any[]> {
	const out: any[] = [];
	for (let page = 1; ; page++) {
		const r = await get(d, `/bcdr/device?_page=${page}&_perPage=${perPage}`);
		if (r.status !== 200) throw new Error(`/bcdr/device answered ${r.status}`);
		out.push(...r.body.items);
		if (page >= r.body.pagination.totalPages) return out;
	}
}
