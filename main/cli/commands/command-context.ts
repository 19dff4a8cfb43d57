// What a command defined outside program.ts needs from it: a way to run work on the unlocked vault
// (locked again afterwards, whatever happens) and a way to raise the exit code.
import type { Command } from 'commander';
import type { Vault } from '../../core/vault/vault';
import type { Printer } from '../output';

export interface CommandContext {
  withVault: <T>(cmd: Command, work: (vault: Vault, out: Printer) => Promise<T> | T) => Promise<T>;
  setExit: (code: number) => void;
}
