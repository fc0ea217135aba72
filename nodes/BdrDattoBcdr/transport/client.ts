/**
 * The one Datto BCDR client of this package, on the shared paced reader (nodes/sources/reader.ts):
 * polite pace under the ~120 requests a minute reported, 429 waited out, 5xx retried, the keys
 * never in a message; `_page`/`_perPage` paging to `totalPages`, asset lists in every shape seen.
 */
import { readDattoAnswer } from '../../logic/dattoAnswers';
import {
	type DattoAsset,
	type DattoDevice,
	type DattoPage,
	assetItems,
	totalPages,
} from '../../logic/dattoRecords';
import { PacedReader, type ReaderOptions, normaliseBaseUrl } from '../../sources/reader';

export const DATTO_PRODUCTION_URL = 'https://api.datto.com/v1';
/** The API's maximum page. */
export const DATTO_PAGE_SIZE = 250;

/**
 * The shared reader's options, with the keys to keep out of every message. Pace defaults to 1.5 a
 * second (90 a minute): under the ~120 a minute Datto is reported to allow per key.
 */
export type DattoClientOptions = Omit<ReaderOptions, 'secrets'> & {
	publicKey?: string;
	secretKey?: string;
};

export const normaliseDattoUrl = (raw: string) => normaliseBaseUrl(raw, DATTO_PRODUCTION_URL);

const DATTO_VENDOR = {
	name: 'Datto BCDR',
	exampleUrl: DATTO_PRODUCTION_URL,
	requestsPerSecond: 1.5,
	burst: 5,
	readAnswer: readDattoAnswer,
};

export class DattoClient extends PacedReader {
	constructor(options: DattoClientOptions) {
		const { publicKey, secretKey, ...rest } = options;
		super(DATTO_VENDOR, { ...rest, secrets: [secretKey, publicKey] });
	}

	/**
	 * Every appliance, paged to `totalPages`. A device added or removed while the scan runs shifts the
	 * pages or changes the count: a serial seen twice is kept once, and a shift seen that way (or a
	 * count that changed) triggers one more scan from the start, so the newcomer is not missed.
	 */
	async allDevices(perPage = DATTO_PAGE_SIZE, maxPages = 1000): Promise<DattoDevice[]> {
		const seen = new Map<string, DattoDevice>();
		for (let pass = 0; pass < 2; pass++) {
			const thisPass = new Set<string>();
			let shifted = false;
			let count: number | undefined;
			for (let page = 1; page <= maxPages; page++) {
				const body = await this.get<DattoPage<DattoDevice>>('/bcdr/device', {
					_page: page,
					_perPage: perPage,
				});
				const rows = Array.isArray(body?.items) ? body.items : [];
				const pageCount = body?.pagination?.count;
				if (typeof pageCount === 'number') {
					if (count !== undefined && count !== pageCount) shifted = true;
					count = pageCount;
				}
				let fresh = 0;
				for (const row of rows) {
					if (!row || typeof row.serialNumber !== 'string') continue;
					if (thisPass.has(row.serialNumber)) shifted = true;
					else fresh++;
					thisPass.add(row.serialNumber);
					seen.set(row.serialNumber, row);
				}
				const pages = totalPages(body);
				if (pages === undefined ? rows.length < perPage : page >= pages) break;
				if (fresh === 0) break;
			}
			if (!shifted || pass === 1) break;
		}
		return [...seen.values()];
	}

	/** The agents and shares of one appliance: the index-keyed object (one call) or the paged envelope. */
	async assets(serialNumber: string, maxPages = 100): Promise<DattoAsset[]> {
		const path = `/bcdr/device/${encodeURIComponent(serialNumber)}/asset`;
		const out: DattoAsset[] = [];
		for (let page = 1; page <= maxPages; page++) {
			const body = await this.get<unknown>(path, { _page: page, _perPage: DATTO_PAGE_SIZE });
			out.push(...assetItems(body).filter(Boolean));
			const pages = totalPages(body);
			if (pages === undefined || page >= pages) break;
		}
		return out;
	}
}
