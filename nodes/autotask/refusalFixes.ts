/**
 * The fix for Autotask refusals whose cause we know, shown under Autotask's own text (which is
 * never reworded). Texts as real tenants word them; their public sources are in sandbox/README.md.
 */
const FIXES: Array<{ text: RegExp; fix: string }> = [
	{
		text: /dueDateTime is required/i,
		fix: 'This tenant needs a due date on new tickets: keep "Due In (Hours)" above 0 in Open or Close Ticket (the default), or give the ticket category a default due date and time in Autotask.',
	},
	{
		text: /billingCodeID|billing code|work type/i,
		fix: 'This tenant needs a work type (billing code) on new tickets: choose one in Open or Close Ticket > Options > Work Type.',
	},
	{
		text: /assignedResourceID and assignedResourceRoleID/i,
		fix: 'Autotask needs a queue or both a resource and its role on a ticket: choose a queue in Open or Close Ticket.',
	},
	{
		text: /queueID.*required|queue is required/i,
		fix: 'This tenant needs a queue on new tickets: choose one in Open or Close Ticket (not "Do Not Map").',
	},
	{
		text: /title.*required|required.*title/i,
		fix: 'The ticket category requires a title on notes; the node always sends one, so check the category of the ticket in Autotask.',
	},
	{
		text: /maxCountOfRecordsToReturn/i,
		fix: 'A query asked for more than 500 records per page, which this package never does on purpose: please report it with the request shown.',
	},
	{
		text: /(complete|completed) ticket|ticket is (complete|closed)/i,
		fix: 'The ticket was completed in Autotask; a new event opens a new ticket.',
	},
];

/** The fix for a refusal, or undefined when its text is not one we know. */
export function refusalFix(errors: string[]): string | undefined {
	const text = errors.join(' ');
	return FIXES.find((f) => f.text.test(text))?.fix;
}
