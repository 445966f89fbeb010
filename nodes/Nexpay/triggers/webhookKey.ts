import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseWebhookPublicKey } from '../helpers/signing';

export const WEBHOOK_CREDENTIAL = 'nexpayWebhookApi';

/** The PEM from the credential, or '' when none is set. */
export function webhookPemOf(credentials: ICredentialDataDecryptedObject | undefined): string {
	return String(credentials?.pem ?? '').trim();
}

/**
 * Why this PEM cannot verify Nexpay's webhooks, or undefined when it can. A private key would be
 * accepted by Node's createPublicKey (it derives the public half), but Nexpay never sends one and
 * it must not sit in n8n, so it is refused by name.
 */
export function webhookKeyProblem(pem: string): string | undefined {
	if (!pem) return 'No webhook public key is configured';
	if (/PRIVATE KEY/.test(pem)) {
		return 'This is a private key. Paste the public key Nexpay support sent (-----BEGIN PUBLIC KEY-----), and keep private keys out of n8n.';
	}
	try {
		parseWebhookPublicKey(pem);
	} catch (error) {
		return (error as Error).message;
	}
	return undefined;
}

/** `testedBy` for the Nexpay Webhook API credential: checks the PEM locally, nothing is sent. */
export async function nexpayWebhookKeyTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = webhookKeyProblem(webhookPemOf(credential.data));
	if (problem) return { status: 'Error', message: problem };
	return { status: 'OK', message: 'The key is a P-256 public key; Nexpay webhooks signed with it will be accepted' };
}
