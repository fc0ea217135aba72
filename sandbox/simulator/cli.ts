/**
 * npm run simulate -- --url http://127.0.0.1:5678/webhook/<id>/bdr-events --secret <s> [--scenario mixed]
 *   [--rate 2] [--duration 30 | --count 10] [--batch 1] [--customers id1,id2] [--seed 1]
 * The secret may also come from BDR_WEBHOOK_SECRET (so it stays out of shell history).
 */
import { demoCustomers } from './events';
import { runScenario, SCENARIOS, type ScenarioName } from './scenarios';

function args(argv: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i];
		if (!key.startsWith('--')) continue;
		const next = argv[i + 1];
		out[key.slice(2)] = next === undefined || next.startsWith('--') ? 'true' : argv[++i];
	}
	return out;
}

async function main(): Promise<void> {
	const a = args(process.argv.slice(2));
	if (a.help || !a.url) {
		console.log(
			`Usage: npm run simulate -- --url <loopback webhook URL> --secret <secret> [--scenario ${SCENARIOS.join('|')}] [--rate n/s] [--duration s | --count n] [--batch n] [--customers a,b] [--seed n]`,
		);
		process.exitCode = a.help ? 0 : 2;
		return;
	}
	const secret = a.secret ?? process.env.BDR_WEBHOOK_SECRET ?? '';
	if (!secret) throw new Error('Give the webhook secret with --secret or BDR_WEBHOOK_SECRET');
	const scenario = (a.scenario ?? 'mixed') as ScenarioName;
	if (!SCENARIOS.includes(scenario))
		throw new Error(`Unknown scenario "${scenario}": use one of ${SCENARIOS.join(', ')}`);
	const customers = a.customers
		? a.customers
				.split(',')
				.map((id) => ({ id: id.trim() }))
				.filter((c) => c.id)
		: demoCustomers();
	const records = await runScenario({
		url: a.url,
		secret,
		customers,
		scenario,
		rate: a.rate ? Number(a.rate) : 1,
		durationSeconds: a.duration ? Number(a.duration) : undefined,
		count: a.count ? Number(a.count) : undefined,
		batchSize: a.batch ? Number(a.batch) : 1,
		seed: a.seed ? Number(a.seed) : 1,
		log: (line) => console.log(line),
	});
	const unexpected = records.filter((r) => r.status !== r.expected).length;
	console.log(
		`Sent ${records.length} requests (${records.reduce((n, r) => n + r.events, 0)} events); ${unexpected} answered differently than expected.`,
	);
	if (unexpected) process.exitCode = 1;
}

main().catch((error: Error) => {
	console.error(`simulate: ${error.message}`);
	process.exitCode = 1;
});
