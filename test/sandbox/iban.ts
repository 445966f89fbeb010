// ISO 13616 IBAN helpers (mod-97 check digits), enough to mint and check Lithuanian IBANs.

/** Nexpay's Lithuanian bank code; IBANs carrying it count as Nexpay accounts. */
const NEXPAY_BANK_CODE = '30800';

function mod97(digits: string): number {
	let rest = 0;
	for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
	return rest;
}

/** Letters become 10..35 as ISO 13616 prescribes. */
function numeric(text: string): string {
	return text.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
}

export function isValidIban(value: string): boolean {
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(value)) return false;
	if (value.startsWith('LT') && value.length !== 20) return false;
	return mod97(numeric(value.slice(4) + value.slice(0, 4))) === 1;
}

/** A Nexpay LT IBAN for an 11-digit account number. */
export function nexpayIban(accountNumber: number): string {
	const bban = NEXPAY_BANK_CODE + String(accountNumber).padStart(11, '0');
	const check = 98 - mod97(numeric(bban + 'LT00'));
	return `LT${String(check).padStart(2, '0')}${bban}`;
}

export function isNexpayIban(value: string): boolean {
	return value.startsWith('LT') && value.slice(4, 9) === NEXPAY_BANK_CODE;
}
