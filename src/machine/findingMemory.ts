/**
 * Acknowledgements and first-seen times in the person's state folder (README
 * "Acknowledgements and first-seen times"):
 *
 *   acknowledgements.json   {"version":1,"acknowledgements":[{ruleId,hash,at,phase}…]}
 *   first-seen.json         {"version":1,"findings":{"<rule id>/<tool id>":{first,last}…}}
 *   ack/<rule id>.<hash12>  one empty file per acknowledgement, for osquery's `file` table
 *
 * Both faces read and write them here (the editor's button and command, `scan`), so an
 * acknowledgement made in one is seen by the other. Each file is bounded (see
 * core/acknowledgements.ts) and the `ack/` folder holds only the markers of the
 * acknowledgements in the file.
 */
import {
  acknowledgementsFile, firstSeenFile, markerName, parseAcknowledgements, parseFirstSeen, withAcknowledgements, withSeen,
  type Acknowledgement, type FindingMemory, type FirstSeen,
} from '../core/acknowledgements';
import type { StateFolder } from './stateFolder';

const ACKNOWLEDGEMENTS = 'acknowledgements.json';
const FIRST_SEEN = 'first-seen.json';
const MARKERS = 'ack';

/** The files' shapes as written, for updateJson. */
type AcknowledgementsFile = ReturnType<typeof acknowledgementsFile>;
type FirstSeenFile = ReturnType<typeof firstSeenFile>;
const readAcknowledgementsFile = (json: unknown): AcknowledgementsFile | undefined => {
  const list = parseAcknowledgements(json);
  return list && acknowledgementsFile(list);
};
const readFirstSeenFile = (json: unknown): FirstSeenFile | undefined => {
  const findings = parseFirstSeen(json);
  return findings && firstSeenFile(findings);
};

export interface MemoryReading {
  readonly memory: FindingMemory;
  /** A damaged file, named (it was set aside and read as empty). */
  readonly problems: readonly { readonly where: string; readonly message: string }[];
}

export class FindingMemoryStore {
  constructor(private readonly folder: StateFolder) {}

  get readOnly(): boolean {
    return this.folder.readOnly;
  }

  async read(): Promise<MemoryReading> {
    const [acks, seen] = await Promise.all([
      this.folder.readJson(ACKNOWLEDGEMENTS, parseAcknowledgements),
      this.folder.readJson(FIRST_SEEN, parseFirstSeen),
    ]);
    const problems = [acks, seen].flatMap((reading, index) => (reading.kind === 'damaged'
      ? [{ where: this.folder.pathOf(index === 0 ? ACKNOWLEDGEMENTS : FIRST_SEEN), message: reading.problem }]
      : []));
    return {
      memory: { acknowledgements: acks.kind === 'ok' ? acks.value : [], firstSeen: seen.kind === 'ok' ? seen.value : {} },
      problems,
    };
  }

  /**
   * Records acknowledgements (replacing a rule's older one), then leaves each one's marker
   * file and removes the markers of those no longer in the list. Returns the list.
   */
  async acknowledge(added: readonly Acknowledgement[]): Promise<readonly Acknowledgement[]> {
    let result: Acknowledgement[] = [];
    await this.folder.updateJson(ACKNOWLEDGEMENTS, readAcknowledgementsFile, (current) => {
      result = withAcknowledgements(current?.acknowledgements ?? [], added).list;
      return acknowledgementsFile(result);
    });
    const wanted = new Set(result.map((ack) => markerName(ack.ruleId, ack.hash)));
    for (const ack of added) await this.folder.writeBytes(markerName(ack.ruleId, ack.hash), new Uint8Array(0));
    for (const name of await this.folder.list(MARKERS)) {
      // A name the product would not write (someone else's file) is left alone.
      if (!wanted.has(`${MARKERS}/${name}`)) await this.folder.remove(`${MARKERS}/${name}`).catch(() => undefined);
    }
    return result;
  }

  /** Records that these findings are present now; read-only, it only returns what is known. */
  async see(findingIds: readonly string[], now: Date, known?: Readonly<Record<string, FirstSeen>>): Promise<Readonly<Record<string, FirstSeen>>> {
    if (this.folder.readOnly) return known ?? {};
    const next = await this.folder.updateJson(FIRST_SEEN, readFirstSeenFile, (current) => firstSeenFile(withSeen(current?.findings ?? known ?? {}, findingIds, now)));
    return next.findings;
  }
}
