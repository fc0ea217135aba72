import { DEFAULT_SUBSCRIPTION } from '../../nodes/logic/eventFilter';
import { signatureHeaders } from '../../sandbox/simulator';
import { handleWebhookRequest } from '../../nodes/logic/webhookRequest';

const secret = 'hook-secret-123';
const now = new Date('2026-03-01T10:00:00Z');
const nowS = Math.floor(now.getTime() / 1000);
const event = (id: string, severity = 'error') => ({
	eventId: id,
	occurredAt: '2026-03-01T09:59:00Z',
	customer: { id: 'C1' },
	device: { id: 'D1' },
	type: 'backup_failed',
	severity,
	message: 'x',
});

function call(
	raw: string,
	headers = signatureHeaders(secret, raw, nowS),
	extra: Partial<Parameters<typeof handleWebhookRequest>[0]> = {},
) {
	return handleWebhookRequest({
		rawBody: Buffer.from(raw),
		headers,
		secret,
		now,
		options: DEFAULT_SUBSCRIPTION,
		...extra,
	});
}

describe('handleWebhookRequest', () => {
	it('answers 202 with counts and the accepted events', () => {
		const answer = call(JSON.stringify([event('a'), event('b', 'ok')]));
		expect(answer.status).toBe(202);
		expect(answer.body).toEqual({
			received: 2,
			accepted: 1,
			ignored: 1,
			ignoredBy: { ok_event: 1 },
		});
		expect(answer.events.map((e) => e.eventId)).toEqual(['a']);
	});

	it('answers 202 and starts nothing when everything is filtered', () => {
		const answer = call(JSON.stringify(event('a', 'ok')));
		expect(answer).toMatchObject({ status: 202, events: [], body: { accepted: 0, ignored: 1 } });
	});

	it('answers 401 for unsigned, wrongly signed and stale requests', () => {
		const raw = JSON.stringify(event('a'));
		expect(call(raw, {}).status).toBe(401);
		expect(call(raw, signatureHeaders('wrong', raw, nowS))).toMatchObject({
			status: 401,
			body: { reason: 'bad_signature' },
		});
		expect(call(raw, signatureHeaders(secret, raw, nowS - 600))).toMatchObject({
			status: 401,
			body: { reason: 'stale_timestamp' },
			events: [],
		});
	});

	it('answers 400 for malformed JSON and for schema errors naming the field', () => {
		expect(call('{"eventId": ')).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
		const answer = call(JSON.stringify([event('a'), { ...event('b'), customer: { id: '' } }]));
		expect(answer.status).toBe(400);
		expect(answer.body.issues).toEqual([
			{ field: '[1].customer.id', message: 'must not be empty' },
		]);
		expect(String(answer.body.message)).toContain('[1].customer.id');
		expect(answer.events).toEqual([]);
	});

	it('answers 413 above the size limit before checking anything else', () => {
		const raw = JSON.stringify([event('a')]);
		expect(call(raw, {}, { maxBodyBytes: 10 })).toMatchObject({
			status: 413,
			body: { error: 'payload_too_large' },
		});
	});

	it('checks the signature before parsing, so unsigned garbage is 401 not 400', () => {
		expect(call('not json', {}).status).toBe(401);
	});

	it('never echoes the secret or the signature', () => {
		const raw = JSON.stringify(event('a'));
		const headers = signatureHeaders(secret, raw, nowS - 999);
		const text = JSON.stringify([
			call(raw, headers),
			call(raw + ' ', signatureHeaders(secret, raw, nowS)),
			call('{', signatureHeaders(secret, '{', nowS)),
		]);
		expect(text).not.toContain(secret);
		expect(text).not.toContain(headers['X-BDR-Signature'].slice(7));
	});
});
