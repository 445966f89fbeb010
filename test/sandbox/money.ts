// Amounts are kept as integer cents so balances never drift through floating point.

const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

/** Cents for a positive decimal string with at most two fraction digits, else null. */
export function parseAmount(text: string): number | null {
	if (!DECIMAL.test(text)) return null;
	const [whole, fraction = ''] = text.split('.');
	const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	return cents > 0 ? cents : null;
}

export function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(Math.round(cents));
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
