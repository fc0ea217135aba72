/** Quiet hours: a daily window, in the MSP's time zone, in which problems open no ticket (pure). */
import { DateTime } from 'luxon';

export interface QuietHours {
	/** "HH:mm" local time the window starts. */
	start: string;
	/** "HH:mm" local time it ends; before `start` means it runs past midnight. */
	end: string;
	/** IANA time zone, e.g. "Europe/London". */
	timezone: string;
}

const minutesOf = (hhmm: string): number => {
	const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
	if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
		throw new Error(`Quiet Hours: "${hhmm}" is not a time like 22:00`);
	return Number(m[1]) * 60 + Number(m[2]);
};

/** Throws a message naming the field when the window or its time zone is not valid. */
export function checkQuietHours(q: QuietHours): void {
	minutesOf(q.start);
	minutesOf(q.end);
	if (!DateTime.now().setZone(q.timezone).isValid)
		throw new Error(`Quiet Hours: "${q.timezone}" is not a time zone such as Europe/London`);
}

export function isQuietTime(q: QuietHours, now: Date): boolean {
	const local = DateTime.fromJSDate(now).setZone(q.timezone);
	const t = local.hour * 60 + local.minute;
	const [start, end] = [minutesOf(q.start), minutesOf(q.end)];
	if (start === end) return false;
	return start < end ? t >= start && t < end : t >= start || t < end;
}
