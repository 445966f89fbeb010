import { NodeApiError } from 'n8n-workflow';

import { HTTP_REQUEST_NODE_ACCEPT, runNode } from '../rig';
import type { EchoServer } from './echo-server';
import { startEchoServer } from './echo-server';
import { RigGenericApi, RigSignedApi, rigSignature, signedCalls } from './fixtures/credentials';

const credentialTypes = [new RigGenericApi(), new RigSignedApi()];
const credentials = {
	rigGenericApi: { apiKey: 'key-123', tenant: 'acme' },
	rigSignedApi: { key: 'pub-1', secret: 'shh' },
};

let server: EchoServer;
beforeAll(async () => {
	server = await startEchoServer();
});
afterAll(async () => await server.close());
beforeEach(() => {
	signedCalls.length = 0;
});

async function probe(parameters: Record<string, unknown>) {
	return await runNode({
		credentialTypes,
		credentials,
		node: { type: 'rig.httpProbe', parameters: parameters as never },
	});
}

describe('rig.httpProbe with a generic-auth credential', () => {
	it('httpRequestWithAuthentication: header and qs resolved from $credentials', async () => {
		const { items, error } = await probe({
			credentialType: 'rigGenericApi',
			method: 'GET',
			baseURL: server.url,
			url: '/v2/things',
			qs: JSON.stringify({ name: 'John Smith' }),
		});

		expect(error).toBeUndefined();
		const received = server.last();
		expect(received.path).toBe('/v2/things');
		expect(received.headers.authorization).toBe('ApiKey key-123');
		expect(new URLSearchParams(received.rawQuery).get('name')).toBe('John Smith');
		expect(new URLSearchParams(received.rawQuery).get('tenant')).toBe('acme');
		expect(items[0].json).toMatchObject({ method: 'GET', path: '/v2/things' });
	});

	it('requestWithAuthentication (HTTP Request node shape): uri, form body, accept header', async () => {
		const { items, error } = await probe({
			api: 'requestWithAuthentication',
			credentialType: 'rigGenericApi',
			method: 'POST',
			url: `${server.url}/v2/forms?fixed=1`,
			qs: JSON.stringify({ extra: 'a b' }),
			body: JSON.stringify({ beneficiaryName: 'John Smith', amount: '10.50' }),
			bodyContentType: 'form-urlencoded',
		});

		expect(error).toBeUndefined();
		const received = server.last();
		expect(received.headers.authorization).toBe('ApiKey key-123');
		expect(received.headers.accept).toBe(HTTP_REQUEST_NODE_ACCEPT);
		expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(Object.fromEntries(new URLSearchParams(received.rawQuery))).toEqual({
			fixed: '1',
			extra: 'a b',
			tenant: 'acme',
		});
		expect(Object.fromEntries(new URLSearchParams(received.rawBody))).toEqual({
			beneficiaryName: 'John Smith',
			amount: '10.50',
		});
		expect(items[0].json).toMatchObject({ statusCode: 200, body: { method: 'POST' } });
	});

	it('a 401 surfaces as the NodeApiError n8n-core throws', async () => {
		const { error } = await probe({ credentialType: 'rigGenericApi', url: `${server.url}/status/401` });

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(error!.message).toMatch(/Authorization failed/);
	});
});

describe('rig.httpProbe with a function-auth (signing) credential', () => {
	it('httpRequestWithAuthentication: authenticate sees url/baseURL/body and its rewrite is sent', async () => {
		const { error } = await probe({
			credentialType: 'rigSignedApi',
			method: 'POST',
			baseURL: server.url,
			url: '/api/pay',
			body: JSON.stringify({ beneficiaryName: 'John Smith', amount: 5 }),
		});

		expect(error).toBeUndefined();
		expect(signedCalls).toHaveLength(1);
		expect(signedCalls[0]).toMatchObject({
			shape: 'url',
			options: { method: 'POST', baseURL: server.url, url: '/api/pay' },
		});
		const received = server.last();
		expect(received.headers['x-key']).toBe('pub-1');
		expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(received.rawBody).toBe('beneficiaryName=John+Smith&amount=5');
		expect(received.headers['x-signature']).toBe(rigSignature('shh', 'POST', '/api/pay', received.rawBody));
	});

	it('requestWithAuthentication: authenticate sees uri/qs/form as the HTTP Request node sends them', async () => {
		const { items, error } = await probe({
			api: 'requestWithAuthentication',
			credentialType: 'rigSignedApi',
			method: 'GET',
			url: `${server.url}/api/status?x=1`,
			qs: JSON.stringify({ name: 'John Smith' }),
		});

		expect(error).toBeUndefined();
		expect(signedCalls[0].shape).toBe('uri');
		expect(signedCalls[0].options).toMatchObject({
			uri: `${server.url}/api/status?x=1`,
			qs: { name: 'John Smith' },
			json: false,
			encoding: null,
			useStream: true,
			resolveWithFullResponse: true,
		});
		expect(signedCalls[0].options).not.toHaveProperty('url');
		const received = server.last();
		expect(received.rawQuery).toBe('x=1&name=John+Smith');
		expect(received.headers['x-signature']).toBe(
			rigSignature('shh', 'GET', `/api/status?${received.rawQuery}`, ''),
		);
		expect(items[0].json).toMatchObject({ statusCode: 200 });
	});

	it('requestWithAuthentication with a form body: authenticate gets `form`, not `body`', async () => {
		const { error } = await probe({
			api: 'requestWithAuthentication',
			credentialType: 'rigSignedApi',
			method: 'POST',
			url: `${server.url}/api/pay`,
			body: JSON.stringify({ beneficiaryName: 'John Smith' }),
			bodyContentType: 'form-urlencoded',
		});

		expect(error).toBeUndefined();
		expect(signedCalls[0].options).toMatchObject({ form: { beneficiaryName: 'John Smith' } });
		expect(signedCalls[0].options).not.toHaveProperty('body');
		const received = server.last();
		expect(received.rawBody).toBe('beneficiaryName=John+Smith');
		expect(received.headers['x-signature']).toBe(rigSignature('shh', 'POST', '/api/pay', received.rawBody));
	});
});
