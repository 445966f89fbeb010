import { runCredentialTest } from '../rig';
import type { EchoServer } from './echo-server';
import { startEchoServer } from './echo-server';
import { RigGenericApi, RigRuledApi, RigSignedApi } from './fixtures/credentials';

let server: EchoServer;
beforeAll(async () => {
	server = await startEchoServer();
	// Accepts only the right key, like a real API's auth check.
	server.route('/auth-check', (req) =>
		req.headers.authorization === 'ApiKey good' ? { body: { ok: true } } : { status: 401, body: { error: 'no' } },
	);
});
afterAll(async () => await server.close());

describe('runCredentialTest', () => {
	it('OK: resolves baseURL from $credentials, applies authenticate, sends the request', async () => {
		const result = await runCredentialTest(new RigGenericApi(), { baseUrl: server.url, apiKey: 'good' });

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const received = server.last();
		expect(received.path).toBe('/auth-check');
		expect(Object.fromEntries(new URLSearchParams(received.rawQuery))).toEqual({ probe: 'yes', tenant: 'main' });
	});

	it('Error: a rejected key reports what n8n reports (the status text)', async () => {
		const result = await runCredentialTest(new RigGenericApi(), { baseUrl: server.url, apiKey: 'bad' });

		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
	});

	it('Error: a matching responseCode rule gives its own message', async () => {
		const result = await runCredentialTest(new RigRuledApi(), { baseUrl: server.url, apiKey: 'bad' });

		expect(result).toEqual({ status: 'Error', message: 'Key rejected: check it' });
	});

	it('Error: fields hidden by displayOptions are dropped, so the other environment is used', async () => {
		// baseUrl only shows for environment=custom; n8n drops it and the test URL points elsewhere.
		const result = await runCredentialTest(new RigGenericApi(), {
			environment: 'nowhere',
			baseUrl: server.url,
			apiKey: 'good',
		});

		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it('Error: a credential without a test says so', async () => {
		const result = await runCredentialTest(new RigSignedApi(), { key: 'k', secret: 's' });

		expect(result).toEqual({ status: 'Error', message: 'No testing function found for this credential.' });
	});
});
