/** The simulator's signer against the README's shell example (openssl), not against the trigger's code. */
import { spawnSync } from 'node:child_process';
import { signatureHeaders } from '../../sandbox/simulator';

const secret = 'readme-secret-0123456789abcdef';
const body =
	'{"eventId":"e1","occurredAt":"2026-03-01T08:15:00Z","customer":{"id":"bdr-cust-001"},"device":{"id":"d1"},"type":"backup_failed","severity":"error","message":"failed"}';

/** `printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //'` */
function opensslHex(key: string, text: string): string {
	const run = spawnSync('openssl', ['dgst', '-sha256', '-hmac', key, '-hex'], {
		input: text,
		encoding: 'utf8',
	});
	if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr}`);
	return run.stdout.trim().replace(/^.* /, '');
}

describe('simulator signature', () => {
	it('signs timestamp + "." + body as the README shell example does', () => {
		expect(signatureHeaders(secret, body, 1_772_352_900)).toEqual({
			'X-BDR-Timestamp': '1772352900',
			'X-BDR-Signature': `sha256=${opensslHex(secret, `1772352900.${body}`)}`,
		});
	});

	it('stamps the current unix second by default', () => {
		const before = Math.floor(Date.now() / 1000);
		const stamped = Number(signatureHeaders(secret, body)['X-BDR-Timestamp']);
		expect(stamped).toBeGreaterThanOrEqual(before);
		expect(stamped).toBeLessThanOrEqual(before + 1);
	});
});
