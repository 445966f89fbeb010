import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { publicLinkLocator } from '../listSearch';
import { FIXED, LINK_DELIVERY_MODE, LINK_PAYER_ROLE, SPLIT } from '../paymentIntent/shared';

export const SPLIT_SCENARIO = 'education_provider_tuition_with_tenant_split';

/** Each scenario is a use case; its amount mode follows from it. */
export function scenarioField(operations: string[]): INodeProperties {
	return {
		displayName: 'Scenario',
		name: 'linkScenario',
		type: 'options',
		options: [
			{
				name: 'Owed Commission to Tenant (Fixed Amount)',
				value: 'owed_commission_invoice',
				description: 'A partner pays commission it owes your tenant; the payer sees a fixed amount',
			},
			{
				name: 'Provider + Tenant Split (Payer Enters Total)',
				value: SPLIT_SCENARIO,
				description: 'The payer enters the total; it is split by percentage between the provider and your tenant, invisibly to the payer',
			},
			{
				name: 'Service Invoice to Tenant (Fixed Amount)',
				value: 'generic_service_invoice',
				description: 'A partner pays your tenant a fixed invoice amount',
			},
			{
				name: 'Single Provider, Fixed Amount',
				value: 'education_provider_tuition',
				description: 'A student pays one provider an amount they cannot change',
			},
		],
		default: 'education_provider_tuition',
		description: 'What the payer should see and who gets the money',
		displayOptions: { show: { resource: ['paymentLink'], operation: operations } },
	};
}

export function amountModeOf(scenario: string): string {
	return scenario === SPLIT_SCENARIO ? SPLIT : FIXED;
}

/** The fields every payment link shares; the payer is unknown until someone opens the link. */
export function linkBasics(scenario: string): IDataObject {
	return {
		useCase: scenario,
		deliveryMode: LINK_DELIVERY_MODE,
		amountMode: amountModeOf(scenario),
		payer: { role: LINK_PAYER_ROLE },
	};
}

export function publicLinkIdField(operation: string): INodeProperties {
	return publicLinkLocator({
		name: 'publicLinkId',
		displayName: 'Payment Link',
		description: 'The link’s public link ID (publicLinkId from Payment Link → Create, the {token} of the public payer endpoints), or its URL',
		show: { resource: ['paymentLink'], operation: [operation] },
	});
}

export function publicLinkPath(token: string, action?: string): string {
	return `/v2/public/payment-links/${encodeURIComponent(token)}${action ? `/${action}` : ''}`;
}
