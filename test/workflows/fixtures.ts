/** The fixed-amount payment link of the payment-links guide, as Nexpay should receive it. */
export function docsFixedLinkIntent(reference = 'INV-2026-001') {
	return {
		useCase: 'education_provider_tuition',
		deliveryMode: 'reusable_payment_link',
		amountMode: 'fixed_payee_amounts',
		payer: { role: 'unknown_link_payer' },
		recipients: [
			{
				role: 'education_provider',
				order: 1,
				connectorPayeeId: 123,
				splitRole: 'principal_provider_amount',
				amount: { payeeAmount: '10000.00', currency: 'AUD' },
			},
		],
		instructions: { paymentLink: { reference, includeCreatedByText: true } },
		termsAccepted: true,
	};
}
