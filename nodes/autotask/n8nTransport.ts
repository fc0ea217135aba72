import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpResponse, Transport } from './types';

/** Transport over n8n's request helper, so n8n's proxy and timeout settings apply. */
export function n8nTransport(
	httpRequest: (options: IHttpRequestOptions) => Promise<unknown>,
): Transport {
	return async (request) => {
		const response = (await httpRequest({
			url: request.url,
			method: request.method,
			headers: request.headers,
			body: request.body as IHttpRequestOptions['body'],
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 120_000,
		})) as { statusCode?: number; headers?: HttpResponse['headers']; body?: unknown };
		return {
			status: Number(response.statusCode),
			headers: response.headers ?? {},
			body: response.body,
		};
	};
}
