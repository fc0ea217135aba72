/**
 * The workflows the benchmark imports into the real n8n. Ours are the shipped templates with only
 * their trigger swapped for a webhook the benchmark can feed; the naive flow and the floor are
 * built from n8n's own nodes only.
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = Record<string, any>;
export const ROOT = path.resolve(
	__dirname,
	'..',
	fs.existsSync(path.resolve(__dirname, '..', 'package.json')) ? '' : '..',
);
const read = (file: string): Json => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

export const BILLING_PATH = 'bench-billing';
export const NAIVE_PATH = 'bench-naive';
export const FLOOR_PATH = 'bench-floor';
/** The ticketing template's trigger: webhookId "bdr-ticketing", the trigger's fixed path "bdr-events". */
export const TICKETING_PATH = 'bdr-ticketing/bdr-events';
export const NAIVE_CREDENTIAL = 'Autotask headers (naive flow)';

const withoutStickies = (wf: Json): Json => ({
	...wf,
	nodes: wf.nodes.filter((n: Json) => n.type !== 'n8n-nodes-base.stickyNote'),
});

function webhookNode(name: string, webhookPath: string, position: number[]): Json {
	return {
		parameters: { httpMethod: 'POST', path: webhookPath, options: {} },
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: webhookPath,
	};
}

/**
 * workflows/bdr-billing-reconcile.json (Map Customer → Sync Billing, names as shipped), its
 * schedule and placeholder source replaced by a webhook whose body `{ items: [...] }` holds the
 * latest usage per device; Dry Run off so the run writes.
 */
export function oursBillingWorkflow(): Json {
	const template = withoutStickies(read('workflows/bdr-billing-reconcile.json'));
	const mapCustomer = template.nodes.find(
		(n: Json) => n.type === 'n8n-nodes-bdr-autotask.bdrMapCustomer',
	);
	const sync = template.nodes.find((n: Json) => n.type === 'n8n-nodes-bdr-autotask.bdrSyncBilling');
	if (!mapCustomer || !sync)
		throw new Error(
			'workflows/bdr-billing-reconcile.json no longer holds Map Customer and Sync Billing',
		);
	const kept = template.nodes.filter(
		(n: Json) => n.type.startsWith('n8n-nodes-bdr-autotask.') || n.name.startsWith('Unmapped'),
	);
	const connections: Json = { ...template.connections };
	for (const name of Object.keys(connections))
		if (!kept.some((n: Json) => n.name === name)) delete connections[name];
	connections['Usage in'] = { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] };
	connections['Split Out'] = { main: [[{ node: mapCustomer.name, type: 'main', index: 0 }]] };
	return {
		...template,
		name: 'Bench: our billing (reconcile template, webhook-fed)',
		nodes: [
			webhookNode('Usage in', BILLING_PATH, [-400, 100]),
			{
				parameters: { fieldToSplitOut: 'body.items', options: {} },
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [-200, 100],
			},
			...kept.map((n: Json) =>
				n === sync ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
			),
		],
		connections,
	};
}

/** bench/workflows/naive-billing.json pointed at the sandbox, its requests spaced for the latency. */
export function naiveBillingWorkflow(autotaskBaseUrl: string, batchIntervalMs: number): Json {
	const wf = read('bench/workflows/naive-billing.json');
	for (const node of wf.nodes) {
		if (node.type !== 'n8n-nodes-base.httpRequest') continue;
		node.parameters.url = node.parameters.url.replace(
			/^https?:\/\/[^/]+\/ATServicesRest\/V1\.0/,
			autotaskBaseUrl,
		);
		node.parameters.options.batching.batch.batchInterval = batchIntervalMs;
	}
	return wf;
}

/** The shipped ticketing template, unchanged but for the trigger's webhook id (the template carries none: n8n gives each import its own). */
export function oursTicketingWorkflow(): Json {
	const template = withoutStickies(read('workflows/bdr-ticketing.json'));
	const nodes = template.nodes.map((n: Json) =>
		n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger'
			? { ...n, webhookId: TICKETING_PATH.split('/')[0] }
			: n,
	);
	return { ...template, name: 'Bench: our ticketing (template)', nodes };
}

/** The ticketing template with our nodes replaced: n8n's Webhook node, NoOp for Map Customer and Open or Close Ticket. */
export function floorTicketingWorkflow(): Json {
	const template = withoutStickies(read('workflows/bdr-ticketing.json'));
	const nodes = template.nodes.map((n: Json) => {
		if (n.type === 'n8n-nodes-bdr-autotask.bdrEventTrigger')
			return webhookNode(n.name, FLOOR_PATH, n.position);
		if (n.type.startsWith('n8n-nodes-bdr-autotask.'))
			return {
				parameters: {},
				name: n.name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: n.position,
			};
		return n;
	});
	return { ...template, name: 'Bench: ticketing floor (NoOp nodes)', nodes };
}

/** The templates of each source the source-poll section runs. */
export const SOURCE_TEMPLATES = ['tickets', 'billing'] as const;
export type SourceTemplate = (typeof SOURCE_TEMPLATES)[number];

/**
 * A source's shipped template (workflows/x360recover-tickets.json, datto-billing.json, …) as shipped
 * (names, parameters, Note Repeats "When the State Changes"), except: the schedule trigger is a
 * webhook of the same name (the benchmark starts each poll), the Autotask nodes use the given
 * credential (one API user per measured poll), and Sync Billing runs with Dry Run off so the first
 * poll writes and the steady state shows that nothing more is written.
 */
export function sourcePollWorkflow(
	file: string,
	o: { webhookPath: string; autotaskCredential: string },
): Json {
	const wf = withoutStickies(read(file));
	const schedule = wf.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (schedule.length !== 1) throw new Error(`${file} no longer has exactly one Schedule Trigger`);
	const nodes = wf.nodes.map((n: Json) => {
		if (n === schedule[0]) return webhookNode(n.name, o.webhookPath, n.position);
		const copy = structuredClone(n);
		if (copy.credentials?.bdrAutotaskApi)
			copy.credentials.bdrAutotaskApi = { id: '', name: o.autotaskCredential };
		if (copy.type === 'n8n-nodes-bdr-autotask.bdrSyncBilling') copy.parameters.dryRun = false;
		return copy;
	});
	// no connector-health workflow in the benchmark's n8n: a failed poll shows in the figures instead
	const { errorWorkflow: _none, ...settings } = wf.settings ?? {};
	return {
		...wf,
		name: `Bench: ${path.basename(file, '.json')} (${o.webhookPath})`,
		nodes,
		settings,
	};
}
