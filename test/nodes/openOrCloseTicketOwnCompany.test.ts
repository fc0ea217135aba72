/** Autotask's own company (the MSP's) has ID 0: tickets may go there; a missing company is still refused. */
import { readTicketInput } from '../../nodes/BdrOpenOrCloseTicket/readEvent';

const event = (autotask: Record<string, unknown> | undefined) => ({
	eventId: 'e1',
	occurredAt: '2026-03-01T08:00:00Z',
	customer: { id: 'c' },
	device: { id: 'd' },
	type: 'other',
	originalType: 'Connector failed',
	condition: 'other:connector failed',
	severity: 'error',
	message: 'm',
	...(autotask ? { autotask } : {}),
});

describe('Open or Close Ticket reads the company of an item', () => {
	it("accepts company 0 (Autotask's own company), as a number or a string", () => {
		for (const companyId of [0, '0']) {
			const input = readTicketInput(event({ companyId }) as never);
			expect('problem' in input ? input.problem : input.companyId).toBe(0);
		}
	});

	it.each([[undefined], [null], [''], ['abc'], [-1], [1.5]])(
		'treats companyId %p as no company',
		(companyId) => {
			const input = readTicketInput(
				event(companyId === undefined ? undefined : { companyId }) as never,
			);
			expect('problem' in input ? input.problem : input.companyId).toBeUndefined();
		},
	);
});
