/**
 * What every node tells the user when the tenant's hourly Autotask API budget is spent (the check
 * is isBudgetSpent in errors.ts). No imports: nodes/logic builds its outcome messages with it.
 */
export const BUDGET_SPENT =
	"the tenant's hourly Autotask API budget is spent, so nothing more is sent in this run; the next run after the hour rolls finishes the work without double counting";

/** The same as a sentence of its own. */
export const BUDGET_SPENT_SENTENCE = `${BUDGET_SPENT.charAt(0).toUpperCase()}${BUDGET_SPENT.slice(1)}.`;

/** An item the run did not try because the budget was already spent. */
export const BUDGET_NOT_TRIED = `not tried: ${BUDGET_SPENT}`;
