import type { HttpRequest, HttpResponse, Transport } from '../../nodes/autotask/types';

export type Responder = (request: HttpRequest) => HttpResponse | Promise<HttpResponse> | Error;

/** A scripted transport: records every request and answers with the given responder. */
export function scriptedTransport(responder: Responder): Transport & { calls: HttpRequest[] } {
	const calls: HttpRequest[] = [];
	const transport = (async (request: HttpRequest) => {
		calls.push(request);
		const answer = await responder(request);
		if (answer instanceof Error) throw answer;
		return answer;
	}) as Transport & { calls: HttpRequest[] };
	transport.calls = calls;
	return transport;
}

export const ok = (body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
	status: 200,
	headers,
	body,
});
export const fail = (
	status: number,
	errors: string[],
	headers: Record<string, string> = {},
): HttpResponse => ({
	status,
	headers,
	body: { errors },
});

export const BASE = 'http://127.0.0.1:9/ATServicesRest/V1.0';
export const CREDS = {
	username: 'api@tenant.example',
	secret: 'S3cr3t-Value-42',
	integrationCode: 'TRACKINGCODE123',
	zone: 'custom',
	customUrl: BASE,
};
