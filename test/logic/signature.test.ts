import { computeSignature, signRequest, verifySignature } from '../../nodes/logic/signature';

const secret = 'shh-very-secret';
const body = Buffer.from('{"eventId":"e-1"}');
const now = 1_800_000_000;

describe('signature', () => {
	it('accepts what signRequest produces', () => {
		expect(verifySignature(secret, signRequest(secret, body, now), body, now)).toEqual({
			ok: true,
		});
	});

	it('matches an independently computed HMAC over "timestamp.body"', () => {
		const { createHmac } = jest.requireActual('crypto') as typeof import('crypto');
		const expected =
			'sha256=' + createHmac('sha256', secret).update(`${now}.{"eventId":"e-1"}`).digest('hex');
		expect(computeSignature(secret, now, body)).toBe(expected);
	});

	it('finds headers regardless of case', () => {
		const headers = Object.fromEntries(
			Object.entries(signRequest(secret, body, now)).map(([k, v]) => [k.toLowerCase(), v]),
		);
		expect(verifySignature(secret, headers, body, now).ok).toBe(true);
	});

	it.each([
		['missing timestamp', { 'X-BDR-Signature': 'sha256=00' }, 'missing_timestamp'],
		['missing signature', { 'X-BDR-Timestamp': String(now) }, 'missing_signature'],
		[
			'non-numeric timestamp',
			{ 'X-BDR-Timestamp': 'soon', 'X-BDR-Signature': 'sha256=00' },
			'malformed_timestamp',
		],
	])('refuses a %s', (_name, headers, reason) => {
		expect(verifySignature(secret, headers, body, now)).toMatchObject({ ok: false, reason });
	});

	it('refuses a tampered body, a wrong secret and a truncated signature', () => {
		const headers = signRequest(secret, body, now);
		expect(verifySignature(secret, headers, Buffer.from('{"eventId":"e-2"}'), now)).toMatchObject({
			reason: 'bad_signature',
		});
		expect(verifySignature('other', headers, body, now)).toMatchObject({ reason: 'bad_signature' });
		expect(
			verifySignature(
				secret,
				{ ...headers, 'X-BDR-Signature': headers['X-BDR-Signature'].slice(0, 20) },
				body,
				now,
			),
		).toMatchObject({ reason: 'bad_signature' });
	});

	it('refuses timestamps outside the 5-minute window in either direction, accepts inside', () => {
		expect(verifySignature(secret, signRequest(secret, body, now - 301), body, now)).toMatchObject({
			reason: 'stale_timestamp',
		});
		expect(verifySignature(secret, signRequest(secret, body, now + 301), body, now)).toMatchObject({
			reason: 'stale_timestamp',
		});
		expect(verifySignature(secret, signRequest(secret, body, now - 299), body, now).ok).toBe(true);
	});

	it('refuses when no secret is configured', () => {
		expect(verifySignature('', signRequest('x', body, now), body, now)).toMatchObject({
			reason: 'missing_secret',
		});
	});

	it('never puts the secret or any signature in its messages', () => {
		const headers = signRequest(secret, body, now);
		const results = [
			verifySignature(secret, headers, Buffer.from('x'), now),
			verifySignature(secret, signRequest(secret, body, now - 999), body, now),
			verifySignature(secret, { 'X-BDR-Timestamp': String(now) }, body, now),
		];
		for (const result of results) {
			const text = JSON.stringify(result);
			expect(text).not.toContain(secret);
			expect(text).not.toContain(headers['X-BDR-Signature'].slice(7, 27));
			expect(text).not.toContain(computeSignature(secret, now, Buffer.from('x')).slice(7, 27));
		}
	});
});
