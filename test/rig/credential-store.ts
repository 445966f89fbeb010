import type { ICredentialDataDecryptedObject, ICredentialsEncrypted, INodeCredentialsDetails } from 'n8n-workflow';
import { ICredentials } from 'n8n-workflow';

export type CredentialsMap = Record<string, ICredentialDataDecryptedObject>;

/** A stored credential backed by the helper's map instead of an encrypted DB row. */
export class RigCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialsMap,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return { ...(this.store[this.type] ?? {}) };
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[this.type] = { ...data };
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const next = { ...(this.store[this.type] ?? {}), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.store[this.type] = next;
	}
}
