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

/** Why this PEM cannot verify Nexpay's webhooks (not P-256, not public, not PEM), or undefined when it can. */
export function webhookKeyProblem(pem: string): string | undefined {
	if (!pem) return 'No webhook public key is configured';
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
