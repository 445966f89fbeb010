// What real n8n tells its editor about our types (GET /types/credentials.json and /types/nodes.json, as the
// editor loads them), checked against two rules of n8n's editor:
// - the HTTP Request node's "Predefined Credential Type" offers credentials that have `authenticate`
//   (`has:authenticate`); n8n lists credential types by copying their own properties, so an `authenticate`
//   written as a class method would be missing here;
// - a node parameter whose every option appears in the credentials' `displayOptions.show` becomes the
//   editor's authentication selector and is hidden from the parameters (useNodeCredentialOptions /
//   getMainAuthField). Resource must stay a parameter: n8n adds "Custom API Call" to it when a credential
//   has `authenticate`, and no credential is shown for that option.
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { describeE2e, E2e, type StartedN8n } from './harness';

interface CredentialTypeJson {
	name: string;
	authenticate?: unknown;
}

describeE2e("the types real n8n serves to its editor", () => {
	let e2e: E2e;
	let started: StartedN8n;

	beforeAll(async () => {
		e2e = await E2e.create();
		started = await e2e.publishAndStart();
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('offers both request-signing credentials to the HTTP Request node', async () => {
		const credentials = (await started.rest.request('GET', '/types/credentials.json')).body as CredentialTypeJson[];
		for (const name of ['nexpayApi', 'nexpayEuroWalletApi']) {
			const type = credentials.find((credential) => credential.name === name);
			expect(type).toBeDefined();
			expect(type?.authenticate).toBeDefined();
		}
	});

	it("keeps the Nexpay node's Resource a parameter, not the editor's authentication selector", async () => {
		const nodes = (await started.rest.request('GET', '/types/nodes.json')).body as INodeTypeDescription[];
		const nexpay = nodes.find((node) => node.name === 'n8n-nodes-nexpay.nexpay');
		expect(nexpay).toBeDefined();
		const resource = nexpay?.properties.find((property: INodeProperties) => property.name === 'resource');
		const shownFor = new Set((nexpay?.credentials ?? []).flatMap((credential) => (credential.displayOptions?.show?.resource ?? []).map(String)));
		const uncovered = (resource?.options ?? []).map((option) => String((option as { value: unknown }).value)).filter((value) => !shownFor.has(value));
		expect(uncovered.length).toBeGreaterThan(0);
	});
});
