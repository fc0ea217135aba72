import { DateTime } from 'luxon';

/** Sync Billing's Effective Date choices: today, or the first day of next month. */
export type EffectiveDateChoice = 'today' | 'firstOfNextMonth' | string;

/**
 * The day a unit change takes effect, as an ISO date in the workflow's time zone: "today" is the
 * workflow's day, not the server's, so a run at 01:00 UTC in New York still bills yesterday's date.
 */
export function effectiveDateOf(
	choice: EffectiveDateChoice,
	timezone: string,
	now = DateTime.now(),
): string {
	const today = now.setZone(timezone).startOf('day');
	const date = choice === 'firstOfNextMonth' ? today.startOf('month').plus({ months: 1 }) : today;
	return date.toISODate() as string;
}
