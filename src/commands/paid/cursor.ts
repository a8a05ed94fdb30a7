// One /paid being read: the tokens, where the reading stands, and what has been read so far. Every
// phase (amount, leading modifiers, split type, people, tail) moves the one cursor forward.
import type { Decimal, SplitType } from '../../ledger/index.js';
import type { Token } from '../tokens.js';
import type {
  CommandInput,
  NameCandidate,
  PaidAlternative,
  PaidParticipant,
  PersonRef,
  SpentOn,
} from '../types.js';

export interface Cursor {
  readonly input: CommandInput;
  readonly tokens: readonly Token[];
  /** The next token to read. */
  i: number;
  /**
   * Whether plain words may be read as names where a phrase puts them (`by Kabir`, `with ravi`,
   * `Meera @ravi`). The parser reads the command twice, with and without, so the use case can
   * choose by who the group's members are.
   */
  readonly names: boolean;
}

export interface Reading {
  amount: Decimal;
  amountTyped?: string;
  currency?: string;
  rate?: Decimal;
  payer?: PersonRef;
  /** `by me 2000 @ravi 1000`: several payers and what each paid. */
  payers?: { person: PersonRef; paid: Decimal }[];
  spentOn?: SpentOn;
  type: SplitType;
  participants: PaidParticipant[];
  /** Keys of everyone named (usernames, ids, plain names), to refuse naming someone twice. */
  seen: Set<string>;
  everyone: boolean;
  /** `everyone except kabir`: left out of an everyone-split. */
  except: PersonRef[];
  /** `+200 @ravi -100 @meera` in an equal split (signed amounts), with each person's keys. */
  adjustments: { person: PersonRef; amount: Decimal; keys: string[] }[];
  /** `with ravi`, `half with ravi`: the payer shares too. */
  withPayer: boolean;
  /** The previous word was a person of an equal split (for the share-without-type check). */
  afterPerson: boolean;
  candidates: NameCandidate[];
  /** The token index of each candidate: its description is worked out once the tail is read. */
  candidateAt: number[];
  /** Where the candidates start (a joining word before the first, as in `me and ravi`). */
  candidateFrom: number;
  /** Plain words read as names; the members must know every one for this reading to stand. */
  tentative: string[];
  /** Token ranges [from, to) that belong to the description. */
  description: [number, number][];
  alternatives: PaidAlternative[];
}

export function newReading(amount: Decimal): Reading {
  return {
    amount,
    type: 'EQUAL',
    participants: [],
    seen: new Set(),
    everyone: false,
    except: [],
    adjustments: [],
    withPayer: false,
    afterPerson: false,
    candidates: [],
    candidateAt: [],
    candidateFrom: 0,
    tentative: [],
    description: [],
    alternatives: [],
  };
}

export function at(c: Cursor, offset = 0): Token | undefined {
  return c.tokens[c.i + offset];
}
