import { NexpayWebhookTrigger } from './NexpayWebhookTrigger.node';

/**
 * The webhook trigger's type name before the first release, kept so workflows saved with
 * `n8n-nodes-nexpay.nexpayTrigger` still activate. Hidden: it is not offered in the nodes panel,
 * where it would be merged into the Nexpay node's entry.
 */
export class NexpayTrigger extends NexpayWebhookTrigger {
	constructor() {
		super();
		this.description = { ...this.description, name: 'nexpayTrigger', hidden: true };
	}
}
