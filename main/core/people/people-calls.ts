// The people operations on the open vault, for the API handlers: the same functions the CLI calls
// on the vault it opens (people-service.ts), bound to the app's vault as the other services are.
import type { Vault } from '../vault/vault';
import {
  listPeople,
  setChatOwner,
  tieNumber,
  tieSender,
  untieSender,
  type ChatOwnerInput,
  type TieNumberInput,
  type TieSenderInput,
} from './people-service';

export class PeopleService {
  private readonly requireVault: () => Vault;

  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  list(caseId: string): ReturnType<typeof listPeople> {
    return listPeople(this.requireVault(), caseId);
  }

  tie(input: TieSenderInput): ReturnType<typeof tieSender> {
    return tieSender(this.requireVault(), input);
  }

  untie(caseId: string, sender: string): boolean {
    return untieSender(this.requireVault(), caseId, sender);
  }

  setChatOwner(input: ChatOwnerInput): ReturnType<typeof setChatOwner> {
    return setChatOwner(this.requireVault(), input);
  }

  tieNumber(input: TieNumberInput): ReturnType<typeof tieNumber> {
    return tieNumber(this.requireVault(), input);
  }
}
