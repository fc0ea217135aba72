/** BDR Event Trigger through the engine harness: answers, filters, and which requests start executions. */
import { runWebhook, type WorkflowJson } from '../harness';
import { signatureHeaders } from '../../sandbox/simulator';
import { BdrEventTrigger } from '../../nodes/BdrEventTrigger/BdrEventTrigger.node';

const SECRET = 'trigger-test-secret-0123456789abcdef';
const credentials = { bdrWebhookSecretApi: { secret: SECRET } };

function workflow(parameters: Record<string, unknown> = {}): WorkflowJson {
	return {
		name: 'trigger test',
		nodes: [
			{
				name: 'BDR',
				type: 'n8n-nodes-bdr-autotask.bdrEventTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters,
				webhookId: 'hook-1',
				credentials: { bdrWebhookSecretApi: { id: '1', name: 'BDR secret' } },
			},
		],
		connections: {},
	} as WorkflowJson;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const event = (id: string, o: Record<string, unknown> = {}) => ({
	eventId: id,
	occurredAt: minutesAgo(1),
	customer: { id: 'C-1', name: 'Acme' },
	device: { id: 'D-1' },
	type: 'backup_failed',
	severity: 'error',
	message: 'Backup failed',
	...o,
});

async function post(
	body: unknown,
	o: {
		parameters?: Record<string, unknown>;
		headers?: Record<string, string>;
		raw?: string;
		sign?: 'ok' | 'none' | 'wrong' | 'stale';
	} = {},
) {
	const raw = o.raw ?? JSON.stringify(body);
	const now = Math.floor(Date.now() / 1000);
	const signature =
		o.sign === 'none'
			? {}
			: o.sign === 'wrong'
				? signatureHeaders('not-the-secret', raw, now)
				: o.sign === 'stale'
					? signatureHeaders(SECRET, raw, now - 301)
					: signatureHeaders(SECRET, raw, now);
	return runWebhook(
		workflow(o.parameters),
		'BDR',
		{ headers: { 'content-type': 'text/plain', ...signature, ...o.headers }, rawBody: raw },
		{ credentials },
	);
}

const bodyOf = (r: { response: { body: unknown } }) => r.response.body as Record<string, any>;
const emitted = (r: { outputs: Record<string, any[][]> }) =>
	(r.outputs.BDR?.[0] ?? []).map((i: { json: { eventId: string } }) => i.json.eventId);

describe('BDR Event Trigger', () => {
	it('accepts a signed event: 202, one execution, one normalised item with the receive time', async () => {
		const result = await post(event('e1', { type: 'Backup Failed', severity: 'FAILURE' }));
		expect(result.response.status).toBe(202);
		expect(bodyOf(result)).toEqual({ received: 1, accepted: 1, ignored: 0, ignoredBy: {} });
		expect(result.started).toBe(true);
		const json = result.outputs.BDR[0][0].json;
		expect(json).toMatchObject({
			eventId: 'e1',
			type: 'backup_failed',
			originalType: 'Backup Failed',
			severity: 'error',
			condition: 'backup',
			customer: { id: 'C-1' },
		});
		expect(Date.parse(String(json.receivedAt))).toBeGreaterThan(Date.now() - 60_000);
	});

	it('accepts a signed JSON batch and emits one item per event', async () => {
		const result = await post([event('a'), event('b'), event('c')], {
			headers: { 'content-type': 'application/json' },
		});
		expect(result.response.status).toBe(202);
		expect(emitted(result)).toEqual(['a', 'b', 'c']);
	});

	it.each(['none', 'wrong', 'stale'] as const)(
		'answers 401 and starts nothing when the signature is %s',
		async (sign) => {
			const result = await post(event('e1'), { sign });
			expect(result.response.status).toBe(401);
			expect(result.started).toBe(false);
			const text = JSON.stringify(result.response.body);
			expect(text).not.toContain(SECRET);
			expect(bodyOf(result).reason).toBe(
				{ none: 'missing_timestamp', wrong: 'bad_signature', stale: 'stale_timestamp' }[sign],
			);
		},
	);

	it('answers 400 for malformed JSON and starts nothing', async () => {
		const result = await post(undefined, { raw: '{"eventId": "e1",' });
		expect(result.response.status).toBe(400);
		expect(bodyOf(result).error).toBe('invalid_json');
		expect(result.started).toBe(false);
	});

	it('answers 400 naming each bad field of a schema-invalid batch and starts nothing', async () => {
		const result = await post([event('a'), event('b', { severity: 'loud', device: {} })]);
		expect(result.response.status).toBe(400);
		expect(
			bodyOf(result)
				.issues.map((i: { field: string }) => i.field)
				.sort(),
		).toEqual(['[1].device.id', '[1].severity']);
		expect(result.started).toBe(false);
	});

	it('answers 413 above 1 MiB and starts nothing', async () => {
		const result = await post([event('big', { message: 'x'.repeat(1024 * 1024) })]);
		expect(result.response.status).toBe(413);
		expect(result.started).toBe(false);
	});

	it('refuses more than 500 events in one request', async () => {
		const result = await post(
			Array.from({ length: 501 }, (_, i) => event(`e${i}`, { message: '' })),
		);
		expect(result.response.status).toBe(400);
		expect(bodyOf(result).message).toMatch(/maximum per request is 500/);
	});

	describe('options', () => {
		const batch = [
			event('fail'),
			event('ok', { type: 'backup_succeeded', severity: 'ok' }),
			event('usage', {
				type: 'usage_report',
				severity: 'info',
				usage: { licenses: { server: 1 } },
			}),
			event('hw', { type: 'hardware_failure', severity: 'critical' }),
			event('old', { occurredAt: minutesAgo(3 * 60) }),
		];

		it('by default drops OK events and keeps the rest', async () => {
			const result = await post(batch, { parameters: { maxAgeMinutes: 0 } });
			expect(emitted(result)).toEqual(['fail', 'usage', 'hw', 'old']);
			expect(bodyOf(result).ignoredBy).toEqual({ ok_event: 1 });
		});

		it('Subscribe to OK Events lets OK events through', async () => {
			expect(
				emitted(await post(batch, { parameters: { subscribeOkEvents: true, maxAgeMinutes: 0 } })),
			).toContain('ok');
		});

		it('Selected Event Types keeps only those (and the OK of their condition)', async () => {
			const result = await post(batch, {
				parameters: {
					eventTypeSelection: 'selected',
					eventTypes: ['hardware_failure', 'backup_failed'],
					subscribeOkEvents: true,
					maxAgeMinutes: 0,
				},
			});
			expect(emitted(result)).toEqual(['fail', 'ok', 'hw', 'old']);
			expect(bodyOf(result).ignoredBy).toEqual({ event_type: 1 });
		});

		it('Minimum Severity drops lower events', async () => {
			const result = await post(batch, {
				parameters: { minimumSeverity: 'critical', maxAgeMinutes: 0 },
			});
			expect(emitted(result)).toEqual(['hw']);
		});

		it('Ignore Events Older Than drops old events', async () => {
			const result = await post(batch, { parameters: { maxAgeMinutes: 60 } });
			expect(emitted(result)).not.toContain('old');
			expect(bodyOf(result).ignoredBy.too_old).toBe(1);
		});

		it('answers 202 with counts and starts nothing when every event is filtered', async () => {
			const result = await post([event('ok', { severity: 'ok', type: 'backup_succeeded' })]);
			expect(result.response.status).toBe(202);
			expect(bodyOf(result)).toMatchObject({ received: 1, accepted: 0, ignored: 1 });
			expect(result.started).toBe(false);
		});
	});

	it('credential test checks the secret strength without calling anything, and never echoes it', async () => {
		const check = new BdrEventTrigger().methods.credentialTest.bdrWebhookSecretTest;
		const weak = await check.call({} as never, {
			id: '1',
			name: 's',
			type: 'bdrWebhookSecretApi',
			data: { secret: 'short-secret' },
		});
		const strong = await check.call({} as never, {
			id: '1',
			name: 's',
			type: 'bdrWebhookSecretApi',
			data: { secret: SECRET },
		});
		expect(weak).toMatchObject({ status: 'Error' });
		expect(weak.message).toMatch(/has 12 characters; use at least 16/);
		expect(weak.message).not.toContain('short-secret');
		expect(strong.status).toBe('OK');
	});

	it('registers nothing remotely: the sender is configured by hand', async () => {
		const hooks = new BdrEventTrigger().webhookMethods.default;
		await expect(
			Promise.all([
				hooks.checkExists.call({} as never),
				hooks.create.call({} as never),
				hooks.delete.call({} as never),
			]),
		).resolves.toEqual([true, true, true]);
	});
});
