import axios from 'axios';

import type { Transport } from '../nodes/autotask/types';

/** Transport for tools outside n8n (simulator, benchmarks, checks): the same client, axios underneath. */
export function axiosTransport(timeoutMs = 120_000): Transport {
	const http = axios.create({ timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0 });
	return async (request) => {
		try {
			const response = await http.request({
				url: request.url,
				method: request.method,
				headers: request.headers,
				data: request.body,
			});
			return {
				status: response.status,
				headers: response.headers as Record<string, string>,
				body: response.data,
			};
		} catch (error) {
			// axios errors carry the request config, headers included: pass on only what is safe.
			const e = error as { code?: string; message?: string };
			const safe = new Error(e.code ? `${e.code}` : 'network error');
			(safe as any).code = e.code ?? 'ENETWORK';
			throw safe;
		}
	};
}
