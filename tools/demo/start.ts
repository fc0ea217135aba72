/**
 * `npm start`: the whole seed working on one machine. Starts the Autotask sandbox (demo tenant), a
 * real n8n with this package, its credentials and every template in workflows/ (imported and
 * activated), then simulated BDR devices posting signed events to n8n's production webhooks, and
 * prints a running summary. The x360Recover and Datto BCDR stand-ins run beside it (same seed), each
 * with its credential in n8n when the package has that type and a script of backups failing and
 * recovering (x360Scenario.ts, dattoScenario.ts). Ctrl-C or SIGTERM stops all of it and exits 0. See docs/demo.md.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { seededRandom } from '../../sandbox/prng';
import { DEMO } from '../../sandbox/tenant/demo';
import { generatedBdrCustomerId, generatedCompanyName } from '../../sandbox/tenant/generated';
import { ensureRuntime, formatElapsed, RuntimeInstallError } from '../n8n/runtime';
import {
	DATTO_CREDENTIAL,
	X360_CREDENTIAL,
	defaultPackageDir,
	packageHasCredential,
	sandboxCredentials,
	startN8n,
	type N8nServer,
} from '../n8n/server';
import { eventHooks } from './hooks';
import { HELP, parseDemoArgs, type DemoOptions } from './options';
import { autotaskFigures, baselineOf, formatSummary, type ExecutionFigures } from './summary';
import { readTemplates } from './templates';
import { importTemplates, isErrorWorkflow } from '../n8n/templates';
import { runTraffic, type Hook, type TrafficCustomer, type TrafficStats } from './traffic';
import { runSourceScenarios, sourceFigures } from './sourceScenarios';

/** A BDR customer id no Autotask company carries: its events land on Map Customer's Unmapped output. */
export const UNMAPPED_CUSTOMER: Omit<TrafficCustomer, 'base'> = {
	id: 'bdr-cust-999',
	name: 'Unmapped Customer (not in Autotask)',
};

export function demoTrafficCustomers(customers: number | undefined): {
	mapped: TrafficCustomer[];
	unmapped: TrafficCustomer;
} {
	const unmapped = {
		...UNMAPPED_CUSTOMER,
		base: { appliances: 1, server: 1, workstation: 5, virtual: 0, localGb: 100, offsiteGb: 100 },
	};
	if (customers === undefined) {
		const mapped = DEMO.customerList.map((c) => {
			const u = c.units as Record<string, number | undefined>;
			const base = {
				appliances: u.appliance ?? 1,
				server: u.serverLicense ?? 0,
				workstation: u.workstationLicense ?? 0,
				virtual: u.virtualLicense ?? 0,
				localGb: u.localStorageGb ?? 0,
				offsiteGb: u.cloudStorageGb ?? 0,
			};
			return { id: c.bdrCustomerId, name: c.name, base };
		});
		return { mapped, unmapped };
	}
	const random = seededRandom(customers + 1);
	const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	const mapped = Array.from({ length: customers }, (_, i) => ({
		id: generatedBdrCustomerId(i + 1),
		name: generatedCompanyName(i + 1),
		base: {
			appliances: 1,
			server: between(1, 4),
			workstation: between(0, 25),
			virtual: between(0, 4),
			localGb: between(50, 2000),
			offsiteGb: between(50, 3000),
		},
	}));
	return { mapped, unmapped };
}

const say = (line = '') => process.stdout.write(line + '\n');

export async function main(argv: string[]): Promise<number> {
	let options: DemoOptions;
	try {
		options = parseDemoArgs(argv);
	} catch (error) {
		process.stderr.write(`npm start: ${(error as Error).message}\n`);
		return 2;
	}
	if (options.help) {
		say(HELP);
		return 0;
	}

	const packageDir = defaultPackageDir();
	const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdr-demo-logs-'));
	const n8nLog = fs.createWriteStream(path.join(logDir, 'n8n.log'));
	const simLog = fs.createWriteStream(path.join(logDir, 'simulator.log'));
	let sandbox: Sandbox | undefined;
	let x360: X360Recover | undefined;
	let datto: DattoStandIn | undefined;
	let sourcesDone: Promise<void> = Promise.resolve();
	let server: N8nServer | undefined;
	const traffic = new AbortController();
	let trafficDone: Promise<void> = Promise.resolve();
	let summaryTimer: NodeJS.Timeout | undefined;
	let stopRequested = false;
	/** True while startN8n runs: it cannot be interrupted half-way, so a stop waits for it. */
	let starting = false;
	let firstSignalAt = 0;
	let wakeStop: () => void = () => {};
	const stopSignal = new Promise<void>((resolve) => (wakeStop = resolve));

	const onSignal = (signal: NodeJS.Signals) => {
		// npm forwards the terminal's Ctrl-C to us as well: the same keypress arrives twice
		if (stopRequested) {
			if (Date.now() - firstSignalAt > 3000) {
				process.stderr.write(`${signal} again: stopping now without waiting.\n`);
				process.exit(1); // server.ts's exit hook still kills n8n's process group
			}
			return;
		}
		stopRequested = true;
		firstSignalAt = Date.now();
		say(
			`\n${signal}: stopping the simulator, n8n and the sandbox…${starting ? ' (n8n is starting: it is stopped as soon as it answers; send the signal again after 3 s to force)' : ''}`,
		);
		wakeStop();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const shutdown = async (code: number): Promise<number> => {
		if (summaryTimer) clearInterval(summaryTimer);
		traffic.abort();
		await trafficDone.catch(() => undefined);
		await sourcesDone.catch(() => undefined);
		if (server) await server.stop();
		if (sandbox) await sandbox.close();
		if (x360) await x360.close();
		if (datto) await datto.close();
		await Promise.all([n8nLog, simLog].map((s) => new Promise((r) => s.end(r))));
		say(
			`Stopped: everything the demo started (simulator, n8n, sandbox) is down, the x360Recover and Datto BCDR stand-ins too. Logs kept in ${logDir}`,
		);
		return code;
	};

	try {
		say('== n8n runtime');
		const runtimeStart = Date.now();
		const runtime = await ensureRuntime({ log: (line) => say(`   ${line}`) });
		say(
			`   n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} ${runtime.installed ? `installed in ${formatElapsed(Date.now() - runtimeStart)}` : 'ready (cached)'}: ${runtime.dir}`,
		);
		if (stopRequested) return await shutdown(0);

		say('== Autotask sandbox');
		const seed = options.customers ?? 'demo';
		sandbox = await startSandbox({ seed, port: options.sandboxPort });
		const baseline = baselineOf(sandbox.store);
		say(
			`   ${seed === 'demo' ? 'demo tenant (8 customers + misconfigured ones for Check Setup)' : `generated tenant of ${seed} customers`}`,
		);

		say('== x360Recover stand-in');
		x360 = await startX360Recover({ seed });
		say(
			`   ${x360.model.clients.length} clients, ${x360.model.devices.length} protected systems, all healthy; the Autotask companies carry their client id in "x360Recover Client ID"`,
		);
		const x360Credential = packageHasCredential(packageDir, 'BdrX360RecoverApi');

		say('== Datto BCDR stand-in');
		datto = await startDatto({ seed });
		say(
			`   the Autotask companies carry their Datto organization id in "Datto Organization ID"; all appliances healthy`,
		);
		const dattoCredential = packageHasCredential(packageDir, 'BdrDattoBcdrApi');

		say('== n8n (with this package, credentials and templates)');
		const templates = readTemplates(path.join(packageDir, 'workflows'));
		const webhookSecret = process.env.BDR_WEBHOOK_SECRET || randomBytes(24).toString('hex');
		starting = true;
		server = await startN8n({
			runtime,
			packageDir,
			port: options.n8nPort || undefined,
			credentials: sandboxCredentials(
				sandbox,
				webhookSecret,
				x360Credential ? x360 : undefined,
				dattoCredential ? datto : undefined,
			),
			handleSignals: false,
			onLog: (line) => n8nLog.write(line + '\n'),
		}).finally(() => (starting = false));
		const imported = await importTemplates(
			server,
			templates.map((t) => t.json),
		);
		server.workflows.push(...imported.workflows);
		const importedLines = imported.workflows.map(
			(w, i) =>
				`   ${w.active ? 'active  ' : 'inactive'} ${w.name}  (${templates[i].file})${isErrorWorkflow(templates[i].json) ? ' — error workflow: runs when another one fails' : ''}`,
		);
		if (stopRequested) return await shutdown(0);
		const hooks = await eventHooks(server, packageDir);
		const dryRunOff = templates
			.filter((t) => t.dryRunOff.length)
			.map((t) => `${t.file} (${t.dryRunOff.join(', ')})`);

		const { mapped, unmapped } = demoTrafficCustomers(options.customers);
		const stats: TrafficStats = { requests: 0, accepted: 0, refused: 0, unexpected: 0, failed: 0 };

		say();
		say('BDR → Autotask demo is running.');
		say(
			`   n8n editor:      ${server.url}   (ready ${formatElapsed(Math.round(process.uptime() * 1000))} after the demo process started, build not counted)`,
		);
		say(`   login:           ${server.login.email} / ${server.login.password}`);
		say(`   n8n pid:         ${server.pid} (its own process group)`);
		say(`   sandbox API:     ${sandbox.baseUrl}   user ${sandbox.credentials.username}`);
		say(`   sandbox admin:   ${sandbox.adminUrl}   (GET snapshot, counts, requests)`);
		say(
			`   x360Recover:     ${x360.baseUrl}   admin ${x360.adminUrl}/   ${x360Credential ? `credential "${X360_CREDENTIAL.name}"` : `no credential (this build has no ${X360_CREDENTIAL.type} type)`}`,
		);
		say(
			`   Datto BCDR:      ${datto.baseUrl}   admin ${datto.adminUrl}/   ${dattoCredential ? `credential "${DATTO_CREDENTIAL.name}"` : `no credential (this build has no ${DATTO_CREDENTIAL.type} type)`}`,
		);
		say('   workflows:');
		importedLines.forEach((l) => say(l));
		for (const hook of hooks)
			say(
				`   webhook:         ${hook.url}   (${hook.workflow}: ${[hook.alerts && 'alerts', hook.usage && 'usage reports'].filter(Boolean).join(' + ')})`,
			);
		if (dryRunOff.length) {
			say(
				`   billing:         Sync Billing's dry run is OFF in the imported copies of ${dryRunOff.join('; ')}, so contract units really change in the sandbox. The files in workflows/ keep it ON.`,
			);
		}
		say(
			options.simulator
				? `   simulator:       ${mapped.length} customers + 1 unmapped (${unmapped.id}), ${options.rate} request/s: failures, repeats, recoveries, flapping, usage reports, bad requests`
				: `   simulator:       off (--no-simulator). Post your own events with: BDR_WEBHOOK_SECRET=<secret> npm run simulate -- --url <webhook>; set the same BDR_WEBHOOK_SECRET before npm start (it is never printed).`,
		);
		say(`   logs:            ${logDir}`);
		say('   Ctrl-C stops everything.');
		say();

		if (options.simulator) {
			trafficDone = runTraffic(
				{
					hooks: hooks as Hook[],
					secret: webhookSecret,
					mapped,
					unmapped,
					rate: options.rate,
					signal: traffic.signal,
					onSent: (sent) => {
						const line = `#${sent.n + 1} ${sent.status}${sent.status === sent.expected ? '' : ` (expected ${sent.expected})`} ${sent.flaw === 'none' ? '' : `[${sent.flaw}] `}${sent.kind} ${sent.customer.id}/${sent.machine} → ${sent.url.replace(server!.url, '')}`;
						simLog.write(line + '\n');
						if (options.verbose) say(`   ${line}`);
					},
				},
				stats,
			).catch((error: Error) => {
				if (!traffic.signal.aborted) process.stderr.write(`simulator stopped: ${error.message}\n`);
			});
		}

		if (options.simulator) {
			sourcesDone = runSourceScenarios(x360, datto, traffic.signal, (line) => {
				simLog.write(line + '\n');
				if (options.verbose) say(`   ${line}`);
			});
		}

		const summarise = async () => {
			if (!server || !sandbox || stopRequested) return;
			let executions: ExecutionFigures | undefined;
			try {
				const count = async (status: string[]) =>
					(
						await server!.restClient.request<{ count: number }>(
							'GET',
							`/executions?${new URLSearchParams({ filter: JSON.stringify({ status }), limit: '1' })}`,
						)
					).count;
				executions = { ok: await count(['success']), failed: await count(['error', 'crashed']) };
			} catch {
				executions = undefined; // n8n busy or stopping: print what we have
			}
			if (stopRequested) return;
			say(
				formatSummary(
					new Date(),
					options.simulator ? stats : undefined,
					autotaskFigures(sandbox.store, baseline, sandbox.counts().total),
					executions,
				) + sourceFigures(x360!, datto!),
			);
		};
		summaryTimer = setInterval(() => void summarise(), options.summaryEvery * 1000);

		await stopSignal;
		return await shutdown(0);
	} catch (error) {
		const message = error instanceof RuntimeInstallError ? error.message : (error as Error).message;
		process.stderr.write(`\nnpm start failed: ${message}\n`);
		return await shutdown(1);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error) => {
			process.stderr.write(`npm start: ${(error as Error).message}\n`);
			process.exit(1);
		},
	);
}
