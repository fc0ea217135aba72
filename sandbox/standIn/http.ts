/** The HTTP plumbing every stand-in (and the Autotask sandbox) shares: body reading, loopback listen, close. */
import http, { IncomingMessage } from 'http';
import { AddressInfo, Socket } from 'net';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export interface Listening {
	server: http.Server;
	port: number;
	/** http://host:port */
	origin: string;
	/** Destroys open keep-alive sockets first, so close() does not wait for idle clients. */
	close(): Promise<void>;
}

/** A server listening on `host` (the callers pass loopback) and `port` (0: any free port). */
export async function listenLoopback(port: number | undefined, host: string): Promise<Listening> {
	const server = http.createServer();
	const sockets = new Set<Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port ?? 0, host, () => resolve());
	});
	const bound = (server.address() as AddressInfo).port;
	const close = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			server.close(() => resolve());
		});
	return { server, port: bound, origin: `http://${host}:${bound}`, close };
}
