import { createHmac } from 'node:crypto';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { runCredentialTest, runNode } from '../rig';
import type { EchoRequest, EchoServer } from './echo-server';
import { startEchoServer } from './echo-server';

// The package's real credentials, applied by the rig exactly as n8n applies them.
const credentialTypes = [new NexpayApi(), new NexpayEuroWalletApi()];
const API_KEY = 'ew-key';
const SECRET = 'ew-secret';

let server: EchoServer;
let credentials: Record<string, Record<string, string>>;

/** Decoded pairs of a raw query/form string; '+' and %20 both mean space. */
const decoded = (raw: string) =>
	[...new URLSearchParams(raw).entries()].map(([k, v]) => `${k}=${v}`).join('&');

/** DESIGN.md: HMAC-SHA512(secret, apiKey & nonce path [? query] [? body]), params decoded. */
function expectedSignature(req: EchoRequest): string {
	let message = `${API_KEY}&${req.headers['x-nonce']}${req.path}`;
	if (req.rawQuery) message += `?${decoded(req.rawQuery)}`;
	if (req.rawBody) message += `?${decoded(req.rawBody)}`;
	return createHmac('sha512', SECRET).update(message).digest('hex');
}

beforeAll(async () => {
	server = await startEchoServer();
	credentials = {
		nexpayApi: { environment: 'custom', baseUrl: server.url, apiKey: 'v2-key' },
		nexpayEuroWalletApi: { environment: 'custom', baseUrl: server.url, apiKey: API_KEY, secretKey: SECRET },
	};
	server.route('/v2/payments', (req) =>
		req.headers.authorization === 'ApiKey v2-key' ? { body: { data: [] } } : { status: 401 },
	);
	server.route('/api/1/eurowallet/status', (req) =>
		req.headers['x-signature'] === expectedSignature(req) ? { body: { ok: true } } : { status: 403 },
	);
});
afterAll(async () => await server.close());

const probe = async (parameters: Record<string, unknown>) =>
	await runNode({ credentialTypes, credentials, node: { type: 'rig.httpProbe', parameters: parameters as never } });

describe('nexpayApi (generic authenticate)', () => {
	it.each(['httpRequestWithAuthentication', 'requestWithAuthentication'])('%s sends Authorization: ApiKey', async (api) => {
		const { error } = await probe({ api, credentialType: 'nexpayApi', url: `${server.url}/v2/payments` });

		expect(error).toBeUndefined();
		expect(server.last().headers.authorization).toBe('ApiKey v2-key');
	});

	it('credential test: OK with the right key, the rule message with a wrong one', async () => {
		expect(await runCredentialTest(new NexpayApi(), credentials.nexpayApi)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.last().rawQuery).toBe('limit=1');
		const wrong = await runCredentialTest(new NexpayApi(), { ...credentials.nexpayApi, apiKey: 'nope' });
		expect(wrong).toMatchObject({ status: 'Error', message: expect.stringContaining('[AUT0003]') });
	});
});

describe('nexpayEuroWalletApi (function authenticate)', () => {
	const NEW = 'httpRequestWithAuthentication';
	const LEGACY = 'requestWithAuthentication';
	const path = '/api/1/eurowallet/payments';
	const body = '{"amount":"10.50","beneficiaryName":"John Smith"}';
	const cases: Array<[string, Record<string, unknown>]> = [
		['new shape, GET with qs', { api: NEW, url: path, qs: '{"account":"EW1","beneficiaryName":"John Smith"}' }],
		['new shape, POST with body', { api: NEW, method: 'POST', url: path, body }],
		['HTTP Request node shape, GET, query in uri and qs', { api: LEGACY, url: `${path}?account=EW1`, qs: '{"beneficiaryName":"John Smith"}' }],
		['HTTP Request node shape, POST form', { api: LEGACY, method: 'POST', url: path, body, bodyContentType: 'form-urlencoded' }],
	];

	it.each(cases)('%s: headers added and the signature covers what was sent', async (_name, parameters) => {
		// Our nodes pass baseURL + path; the HTTP Request node passes the absolute URL as `uri`.
		const legacy = parameters.api === LEGACY;
		const { error } = await probe({
			...parameters,
			credentialType: 'nexpayEuroWalletApi',
			baseURL: legacy ? '' : server.url,
			url: legacy ? `${server.url}${parameters.url as string}` : parameters.url,
		});

		expect(error).toBeUndefined();
		const received = server.last();
		expect(received.headers['x-api-key']).toBe(API_KEY);
		expect(received.headers['x-nonce']).toMatch(/^\d+$/);
		expect(received.rawQuery + received.rawBody).toContain('beneficiaryName=John');
		if (received.rawBody) {
			expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		}
		expect(received.headers['x-signature']).toBe(expectedSignature(received));
	});

	it('credential test: OK when the server accepts the signature', async () => {
		expect(await runCredentialTest(new NexpayEuroWalletApi(), credentials.nexpayEuroWalletApi)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const wrong = await runCredentialTest(new NexpayEuroWalletApi(), {
			...credentials.nexpayEuroWalletApi,
			secretKey: 'other',
		});
		expect(wrong.status).toBe('Error');
	});
});
