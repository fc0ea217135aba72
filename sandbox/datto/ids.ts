/**
 * The Datto organization ids the stand-in gives the Autotask demo tenant's eight customers (keyed by
 * Autotask company id), and the ids of generated organizations. No imports: the Autotask demo tenant
 * reads these for its "Datto Organization ID" company field, the stand-in's seeds read them for its
 * organizations. Deliberately unlike the Autotask company ids (301…308) and the x360Recover client
 * ids (4101…4108), so a client that mixes them up fails.
 */
export const DATTO_DEMO_ORG_IDS: Readonly<Record<number, number>> = Object.freeze({
	301: 52301,
	302: 52302,
	303: 52303,
	304: 52304,
	305: 52305,
	306: 52306,
	307: 52307,
	308: 52308,
});

/** The Autotask company field (user-defined field) that holds a company's Datto organization id. */
export const DATTO_ORG_ID_UDF = 'Datto Organization ID';

/** Organization id of the n-th generated organization (n from 1). */
export const generatedDattoOrgId = (n: number): number => 80_000 + n;
