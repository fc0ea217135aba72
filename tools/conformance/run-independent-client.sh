#!/usr/bin/env bash
# Conformance run of an independent Autotask client against our sandbox (issue #11).
#
# Usage: tools/conformance/run-independent-client.sh <checkout of msoukhomlinov/n8n-nodes-autotask>
#
# The checkout must already be on disk with its runtime dependencies installed (nothing of it is kept in
# this repository and this script neither fetches, installs nor builds it). Its TypeScript sources are
# loaded as they are by a TypeScript runner: `tsx` on PATH, in node_modules/.bin here, or $TSX.
# The client's `n8n-workflow` import resolves to this repository's copy (NODE_PATH), so the node runs
# inside the same n8n-core engine harness as our own nodes (test/harness).
#
# Scenarios (each on a fresh sandbox on 127.0.0.1, port chosen by the OS):
#   1. Company > Get Many, Return All, 1,200-customer tenant (--seed 1200), zone = sandbox URL in the
#      form of the client's preset zones (…/ATServicesRest)
#   2. the same with "Select Columns" (id, companyName): the first query carries IncludeFields
#   3. the same as 1 with zone "Other (Custom URL)" = …/ATServicesRest
#   4. Ticket > Create without dueDateTime on the demo tenant (the sandbox refuses it with a 500)
# Prints, per scenario: records the client returned vs records in the sandbox, the requests it made
# (method + route + status, from the sandbox's request log), each refused answer's status and body, and
# the error the client reported.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/nodes/Autotask/Autotask.node.ts" ]; then
	echo "Usage: $0 <checkout of msoukhomlinov/n8n-nodes-autotask (nodes/Autotask/Autotask.node.ts must exist)>" >&2
	exit 2
fi
CLIENT=$(cd "$1" && pwd)
MAIN=$(cd "$(dirname "$0")/../.." && pwd)
for dep in pluralize moment-timezone keyv; do
	if [ ! -d "$CLIENT/node_modules/$dep" ]; then
		echo "$CLIENT/node_modules/$dep is missing: install the client's runtime dependencies in the checkout first." >&2
		exit 2
	fi
done
if [ -d "$CLIENT/node_modules/n8n-workflow" ]; then
	echo "note: the checkout has its own n8n-workflow; this repository's copy is wanted (one copy of the engine's classes)." >&2
fi
TSX_BIN=${TSX:-$(command -v tsx || true)}
[ -z "$TSX_BIN" ] && [ -x "$MAIN/node_modules/.bin/tsx" ] && TSX_BIN="$MAIN/node_modules/.bin/tsx"
if [ -z "$TSX_BIN" ]; then
	echo "No TypeScript runner: put tsx on PATH or set TSX=/path/to/tsx." >&2
	exit 2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/run.ts" <<'TS'
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'conformance-n8n-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL = 'silent';

const [MAIN, CLIENT] = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);

/** The client logs a lot; keep it out of the report, but keep the raw answers of failed requests. */
const rawFailures: string[] = [];
for (const level of ['log', 'debug', 'info', 'warn', 'error'] as const) {
	(console as any)[level] = (...args: unknown[]) => {
		const first = args[1] as { message?: unknown } | undefined;
		if (args[0] === 'API Error:' && typeof first?.message === 'string') rawFailures.push(first.message);
		const failed = typeof args[0] === 'string' ? /^API (\w+ \S+) failed \((\d+)\)/.exec(args[0]) : null;
		if (failed) rawFailures.push(`${failed[1]} -> ${failed[2]}`);
	};
}

interface Scenario {
	title: string;
	seed: number | 'demo';
	zone: 'preset-form' | 'custom';
	parameters: (sb: any) => Promise<Record<string, unknown>>;
	entity: 'Companies' | 'Tickets';
}

const getMany = (extra: Record<string, unknown> = {}) => async () => ({ resource: 'company', operation: 'getMany', returnAll: true, ...extra });

async function ticketWithoutDueDate(sb: any): Promise<Record<string, unknown>> {
	const headers = { UserName: sb.credentials.username, Secret: sb.credentials.secret, ApiIntegrationCode: sb.credentials.integrationCode };
	const { fields } = (await (await fetch(`${sb.baseUrl}/Tickets/entityInformation/fields`, { headers })).json()) as any;
	const id = (field: string, label: string) =>
		Number(fields.find((f: any) => f.name === field).picklistValues.find((v: any) => v.label === label).value);
	const value: Record<string, unknown> = {
		companyID: 301, // ACME Insurance in the demo tenant
		title: 'Conformance run: backup job failed',
		status: id('status', 'New'),
		priority: id('priority', 'Medium'),
		queueID: id('queueID', 'Managed Services Alerts'),
	};
	const schema = Object.keys(value).map((key) => ({
		id: key, displayName: key, required: false, defaultMatch: false, display: true, canBeUsedToMatch: false, removed: false,
		type: typeof value[key] === 'number' ? 'number' : 'string',
	}));
	return { resource: 'ticket', operation: 'create', fieldsToMap: { mappingMode: 'defineBelow', value, schema } };
}

const scenarios: Scenario[] = [
	{ title: '1. Company > Get Many (Return All), 1,200 customers', seed: 1200, zone: 'preset-form', parameters: getMany(), entity: 'Companies' },
	{ title: '2. the same with Select Columns id, companyName (IncludeFields)', seed: 1200, zone: 'preset-form', parameters: getMany({ selectColumns: ['id', 'companyName'] }), entity: 'Companies' },
	{ title: '3. the same as 1 with zone "Other (Custom URL)"', seed: 1200, zone: 'custom', parameters: getMany(), entity: 'Companies' },
	{ title: '4. Ticket > Create without dueDateTime, demo tenant', seed: 'demo', zone: 'preset-form', parameters: ticketWithoutDueDate, entity: 'Tickets' },
];

async function main(): Promise<void> {
	const { startSandbox } = require(`${MAIN}/sandbox/server`);
	const { runWorkflow } = require(`${MAIN}/test/harness`);
	const { Autotask } = require(`${CLIENT}/nodes/Autotask/Autotask.node.ts`);
	const { AutotaskApi } = require(`${CLIENT}/credentials/AutotaskApi.credentials.ts`);
	for (const scenario of scenarios) {
		const sb = await startSandbox({ seed: scenario.seed, port: 0 });
		try {
			const zoneUrl = sb.baseUrl.replace(/\/V1\.0$/, ''); // http://127.0.0.1:PORT/ATServicesRest
			const zone = scenario.zone === 'custom' ? { zone: 'other', customZoneUrl: zoneUrl } : { zone: zoneUrl };
			const parameters = await scenario.parameters(sb);
			sb.resetCounts();
			rawFailures.length = 0;
			const before = sb.store.all(scenario.entity).length;
			const result = await runWorkflow(
				{
					name: 'conformance',
					nodes: [
						{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
						{
							name: 'Autotask', type: 'n8n-nodes-autotask.autotask', typeVersion: 1, position: [200, 0], parameters,
							credentials: { autotaskApi: { id: 'sandbox', name: 'sandbox' } },
						},
					],
					connections: { Start: { main: [[{ node: 'Autotask', type: 'main', index: 0 }]] } },
				},
				{
					credentials: {
						autotaskApi: {
							APIIntegrationcode: sb.credentials.integrationCode, Username: sb.credentials.username, Secret: sb.credentials.secret,
							...zone, timezone: 'UTC', cacheEnabled: false,
						},
					},
					credentialTypes: { autotaskApi: new AutotaskApi() },
					nodeTypes: { 'n8n-nodes-autotask.autotask': new Autotask() },
				},
			);
			const items = result.outputs.Autotask?.[0] ?? [];
			const log = sb.requestLog() as Array<{ method: string; route: string; status: number }>;
			out(`\n${scenario.title}`);
			out(`  sandbox ${sb.baseUrl}, client zone ${JSON.stringify(zone)}`);
			if (scenario.entity === 'Companies') {
				const ids = new Set(items.map((item: any) => item.json.id));
				out(`  records returned by the client: ${items.length} (${ids.size} distinct ids); Companies in the sandbox: ${before}`);
			} else {
				out(`  Tickets in the sandbox: ${before} before, ${sb.store.all('Tickets').length} after`);
			}
			out(`  requests (${log.length}) in the sandbox's request log (/_sandbox/requests), in order:`);
			for (const entry of log) out(`    ${entry.route} -> ${entry.status}`);
			for (const raw of rawFailures) out(`  failed request or its answer, as the client logged it: ${raw}`);
			out(result.error ? `  client reported: ${result.error.name}: ${result.error.message}` : '  client reported: success');
		} finally {
			await sb.close();
		}
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		process.exit(1);
	},
);
TS
cd "$MAIN"
NODE_PATH="$MAIN/node_modules" "$TSX_BIN" "$WORK/run.ts" "$MAIN" "$CLIENT"
