/**
 * The x360Recover client ids the stand-in gives the Autotask demo tenant's eight customers (keyed by
 * Autotask company id), and the ids of generated clients. No imports: the Autotask demo tenant reads
 * these for its "x360Recover Client ID" company field, the stand-in's seeds read them for its clients.
 * Deliberately unlike the Autotask company ids (301…308), so a client that mixes the two up fails.
 */
export const X360_DEMO_CLIENT_IDS: Readonly<Record<number, number>> = Object.freeze({
	301: 4101,
	302: 4102,
	303: 4103,
	304: 4104,
	305: 4105,
	306: 4106,
	307: 4107,
	308: 4108,
});

/** The Autotask company field (user-defined field) that holds a company's x360Recover client id. */
export const X360_CLIENT_ID_UDF = 'x360Recover Client ID';

/** Client id of the n-th generated client (n from 1). */
export const generatedX360ClientId = (n: number): number => 60_000 + n;
