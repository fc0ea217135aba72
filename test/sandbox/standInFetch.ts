/**
 * Plain fetch calls against a started Datto BCDR or x360Recover stand-in, the way any client of those
 * APIs makes them: the stand-in's own keys by default (HTTP Basic for Datto, `x-api-key` for x360Recover).
 */
import { DattoStandIn } from '../../sandbox/datto/server';
import { X360Recover } from '../../sandbox/x360recover/server';

type StandIn = DattoStandIn | X360Recover;

export interface StandInReply {
	status: number;
	contentType: string;
	headers: Headers;
	body: any;
}

async function reply(res: Response): Promise<StandInReply> {
	const text = await res.text();
	let body: unknown = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		// not JSON: kept as text
	}
	return {
		status: res.status,
		contentType: res.headers.get('content-type') ?? '',
		headers: res.headers,
		body,
	};
}

/** The Authorization header of HTTP Basic. */
export const basic = (user: string, password: string) => ({
	Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

const ownKeys = (s: StandIn): Record<string, string> =>
	'apiKey' in s ? { 'x-api-key': s.apiKey } : basic(s.publicKey, s.secretKey);

/** `path` below the base URL (`/client/4101`, `/bcdr/device?_page=2`) or a full URL; `headers` `{}` sends no keys. */
export async function get(
	s: StandIn,
	path: string,
	headers: Record<string, string> = ownKeys(s),
	method = 'GET',
	body?: unknown,
): Promise<StandInReply> {
	const url = path.startsWith('http') ? path : `${s.baseUrl}${path}`;
	return reply(
		await fetch(url, {
			method,
			headers: { Accept: 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

export async function admin(
	s: StandIn,
	method: string,
	path: string,
	body?: unknown,
): Promise<StandInReply> {
	return reply(
		await fetch(`${s.adminUrl}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

/** Walks Datto's `/bcdr/device` by `_page` until `totalPages`, as the PowerShell wrapper's -allPages does. */
export async function allDattoDevices(d: DattoStandIn, perPage = 100): Promise<any[]> {
	const out: any[] = [];
	for (let page = 1; ; page++) {
		const r = await get(d, `/bcdr/device?_page=${page}&_perPage=${perPage}`);
		if (r.status !== 200) throw new Error(`/bcdr/device answered ${r.status}`);
		out.push(...r.body.items);
		if (page >= r.body.pagination.totalPages) return out;
	}
}

/** Walks x360Recover's `/device` by limit/offset until a short page, as public clients do (no total is given). */
export async function allX360Devices(x: X360Recover, limit = 100): Promise<any[]> {
	const out: any[] = [];
	for (let offset = 0; ; offset += limit) {
		const page = await get(x, `/device?limit=${limit}&offset=${offset}`);
		if (page.status !== 200) throw new Error(`/device answered ${page.status}`);
		out.push(...page.body);
		if (page.body.length < limit) return out;
	}
}
