/**
 * The answer of each Datto BCDR route: devices (paged, hidden ones on request), one device, its assets
 * (agents and shares; the list shape is a setting, see README.md), one asset by volume, its alerts.
 */
import { Answer, badRequest, deviceNotFound, ok } from './errors';
import { DattoAppliance, DattoAsset, DattoModel, findAppliance } from './model';
import { ALERT_PER_PAGE, pageOf, readPage } from './paging';
import { Matched } from './routes';
import { ShapeOptions, alertShape, assetShape, deviceShape } from './shapes';

/** `indexed`: a bare object keyed "0", "1", … (no paging); `envelope`: `{pagination, items}` paged like devices. */
export type AssetListShape = 'indexed' | 'envelope';

export interface ApiRequest {
	matched: Matched;
	query: URLSearchParams;
	shape: ShapeOptions;
	assetListShape: AssetListShape;
}

type Handler = (m: DattoModel, r: ApiRequest, device: DattoAppliance | undefined) => Answer;

function listDevices(m: DattoModel, r: ApiRequest): Answer {
	const page = readPage(r.query);
	if (page instanceof Error) return badRequest(page.message);
	const hideHidden = r.query.get('showHiddenDevices') === '0';
	const all = m.appliances.filter((a) => !(hideHidden && a.hidden));
	const p = pageOf(all, page);
	return ok({ pagination: p.pagination, items: p.items.map((a) => deviceShape(m, a, r.shape)) });
}

function assetList(list: DattoAsset[], r: ApiRequest): Answer {
	const shaped = (xs: DattoAsset[]) => xs.map((x) => assetShape(x, r.shape.now));
	if (r.assetListShape === 'indexed')
		return ok(Object.fromEntries(shaped(list).map((x, i) => [String(i), x])));
	const page = readPage(r.query);
	if (page instanceof Error) return badRequest(page.message);
	const p = pageOf(list, page);
	return ok({ pagination: p.pagination, items: shaped(p.items) });
}

function alerts(device: DattoAppliance, r: ApiRequest): Answer {
	const page = readPage(r.query);
	if (page instanceof Error) return badRequest(page.message);
	const newestFirst = [...device.alerts].sort((a, b) => b.triggeredAt - a.triggeredAt);
	const p = pageOf(newestFirst, { page: page.page, perPage: ALERT_PER_PAGE });
	return ok({ pagination: p.pagination, items: p.items.map(alertShape) });
}

const HANDLERS: Record<string, Handler> = {
	'GET /bcdr/device': (m, r) => listDevices(m, r),
	'GET /bcdr/device/{serialNumber}': (m, r, d) => ok(deviceShape(m, d!, r.shape)),
	'GET /bcdr/device/{serialNumber}/asset': (m, r, d) => assetList(d!.assets, r),
	'GET /bcdr/device/{serialNumber}/asset/agent': (m, r, d) =>
		assetList(
			d!.assets.filter((x) => x.kind === 'agent'),
			r,
		),
	'GET /bcdr/device/{serialNumber}/asset/share': (m, r, d) =>
		assetList(
			d!.assets.filter((x) => x.kind === 'share'),
			r,
		),
	'GET /bcdr/device/{serialNumber}/asset/{volume}': (m, r, d) =>
		ok(
			d!.assets
				.filter((x) => x.volume === r.matched.params.volume)
				.map((x) => assetShape(x, r.shape.now)),
		),
	'GET /bcdr/device/{serialNumber}/alert': (m, r, d) => alerts(d!, r),
};

export function answerApi(m: DattoModel, r: ApiRequest): Answer {
	const serial = r.matched.params.serialNumber;
	const device = serial === undefined ? undefined : findAppliance(m, serial);
	if (serial !== undefined && !device) return deviceNotFound(serial);
	return HANDLERS[r.matched.route](m, r, device);
}
