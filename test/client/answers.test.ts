import { classifyAnswer, mayResend, type AnswerKind } from '../../nodes/autotask/answers';

/**
 * One table for what an Autotask answer means. Sources: autotask-api.md (500 + errors[] is a
 * refusal: WYRE-AI/autotask-mcp PR #288, KelvinTegelaar/AutotaskAPI#74), Autotask's "Thread
 * limiting" page and msoukhomlinov/n8n-nodes-autotask PR #107 (thread threshold, not always 429).
 */
describe('classifyAnswer', () => {
	const cases: Array<[string, number | undefined, string[], boolean, AnswerKind]> = [
		['a read without an answer', undefined, [], false, 'transient'],
		['a write without an answer', undefined, [], true, 'unknown'],
		[
			'a 500 refusal of a write',
			500,
			['dueDateTime is required.', 'on record number [0].'],
			true,
			'refused',
		],
		[
			'a 500 refusal of a read',
			500,
			['maxCountOfRecordsToReturn must be between 1 and 500'],
			false,
			'refused',
		],
		['a 500 without a body, read', 500, [], false, 'transient'],
		['a 500 without a body, write', 500, [], true, 'unknown'],
		[
			'a 500 that says it timed out',
			500,
			['Execution Timeout Expired.  The timeout period elapsed prior to completion'],
			true,
			'unknown',
		],
		['a 502 gateway', 502, [], false, 'transient'],
		['a 503 on a write', 503, ['Service Unavailable'], true, 'unknown'],
		['a 504 on a read', 504, [], false, 'transient'],
		[
			'the thread threshold as 500',
			500,
			['Thread Threshold Exceeded (Itgenatr005)'],
			true,
			'threadLimit',
		],
		['the thread threshold as 429', 429, ['Thread Threshold Exceeded'], false, 'threadLimit'],
		['a 429 without a reason', 429, [], true, 'threadLimit'],
		[
			'the hourly budget',
			429,
			['The API request limit of 10000 requests per hour has been exceeded for this database.'],
			false,
			'budget',
		],
		['a 400', 400, ['Value for field QueueID is required.'], true, 'refused'],
		['a 401', 401, [], false, 'refused'],
		['a 403', 403, ['no permission'], true, 'refused'],
		[
			'a route-level 405',
			405,
			["The requested resource does not support http method 'GET'."],
			false,
			'refused',
		],
	];
	it.each(cases)('%s', (_name, status, errors, write, kind) => {
		expect(classifyAnswer({ status, errors, write })).toBe(kind);
	});

	it('lets only transient faults and thread-limit refusals be resent as they are', () => {
		expect(
			(['refused', 'transient', 'unknown', 'budget', 'threadLimit'] as AnswerKind[]).filter(
				mayResend,
			),
		).toEqual(['transient', 'threadLimit']);
	});
});
