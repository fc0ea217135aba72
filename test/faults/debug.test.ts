import { startStack, waitSettled, outcomesByEvent } from './support/stack';
import { usageCustomers, usageReports } from './support/streams';
it('dbg', async () => {
	const s = await startStack();
	try {
		const c = usageCustomers()[0];
		await s.post('billing', usageReports(c, 0, 'd', 0));
		await waitSettled(s.n8n, s.workflowId.billing, 1);
		s.sb.setRouteFault('POST Contracts/{id}/ServiceAdjustments', { status: 503 });
		await s.post('billing', usageReports(c, 1, 'd', 0));
		await waitSettled(s.n8n, s.workflowId.billing, 2);
		const { outcomes } = await outcomesByEvent(s.n8n, s.workflowId.billing, 'Sync Billing');
		for (const [k, v] of outcomes) console.log(k, JSON.stringify(v.map((o) => [o.outcome, o.reason, o.message, o.occurredAt])));
		console.log(JSON.stringify(s.sb.store.all('ContractNotes').map((n) => [n.contractID, n.lastActivityDate, n.description])));
		console.log(JSON.stringify(s.sb.counts().byRoute));
	} finally { await s.stop(); }
});
