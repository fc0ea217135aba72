import {
	DEFAULT_CHOICES,
	DO_NOT_MAP,
	choicesFor,
	overrideFor,
	ticketingDisabledReason,
} from '../../nodes/logic/ticketSettings';

describe('ticket settings', () => {
	const overrides = [
		{ match: '4711', queue: 'Company Queue' },
		{ match: 'acme', priority: 'High', errorPriority: 'Critical' },
	];

	it('finds an override by BDR customer id (case-insensitive) before company id', () => {
		expect(overrideFor(overrides, 'ACME', 4711)?.priority).toBe('High');
		expect(overrideFor(overrides, 'other', 4711)?.queue).toBe('Company Queue');
		expect(overrideFor(overrides, 'other', 1)).toBeUndefined();
		expect(overrideFor(overrides, 'other', undefined)).toBeUndefined();
	});

	it('lays an override over the defaults, blanks keep the defaults', () => {
		const c = choicesFor(DEFAULT_CHOICES, { match: 'x', priority: 'High', queue: ' ' });
		expect(c.priority).toBe('High');
		expect(c.queue).toBe('Managed Services Alerts');
		expect(choicesFor(DEFAULT_CHOICES, undefined)).toBe(DEFAULT_CHOICES);
	});

	it('Do Not Map and an empty queue disable ticketing with a reason naming the fix', () => {
		expect(ticketingDisabledReason(DEFAULT_CHOICES)).toBeUndefined();
		expect(ticketingDisabledReason({ ...DEFAULT_CHOICES, queue: DO_NOT_MAP })).toMatch(
			/Do Not Map.*choose a queue/,
		);
		expect(ticketingDisabledReason({ ...DEFAULT_CHOICES, queue: '' })).toMatch(/Queue is empty/);
	});
});
