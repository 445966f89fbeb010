import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The public key Nexpay support sends back when they register a webhook. It only verifies
 * signatures, so it is not a secret and is not masked. Its test runs on the Nexpay Trigger node
 * (`testedBy`), which checks the PEM locally: there is no Nexpay endpoint to test it against.
 */
export class NexpayWebhookApi implements ICredentialType {
	name = 'nexpayWebhookApi';

	displayName = 'Nexpay Webhook API';

	icon: Icon = { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-nexpay#nexpay-webhook-api-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'Nexpay support registers webhooks by hand and answers with a PEM public key. Paste it below: the Nexpay Trigger refuses every request it cannot verify with this key.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Public Key (PEM)',
			name: 'pem',
			type: 'string',
			typeOptions: { rows: 5 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…\n-----END PUBLIC KEY-----',
			description:
				'The EC (P-256) public key Nexpay signs its webhooks for you with, including the BEGIN/END lines. It is public: it can only check signatures, not make them.',
		},
	];
}
