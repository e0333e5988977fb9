// The examples shown at the end of each command's help (`abgleich <command> --help`). A command
// group shows the first example of each of its commands.
import type { Command } from 'commander';

const examples: Record<string, string[]> = {
  init: ['abgleich init --data ./data --agency "Bundeskriminalamt" --admin alice'],
  serve: ['abgleich serve --data ./data --port 8080'],
  login: ['abgleich login --server https://abgleich.lka.example --profile lka < token.txt', 'abgleich login --token abg_…'],
  logout: ['abgleich logout --profile lka'],
  'profile list': ['abgleich profile list'],
  'profile use': ['abgleich profile use lka'],
  'agency list': ['abgleich agency list'],
  'agency create': ['abgleich agency create "LKA Berlin" --country DE --admin bob'],
  'agency update': ['abgleich agency update "LKA Berlin" --on-disagreement third-examiner'],
  'user list': ['abgleich user list --json'],
  'user create': ['abgleich user create erika --roles examiner'],
  'user update': ['abgleich user update erika --roles examiner,auditor', 'abgleich user update erika --disable'],
  'token list': ['abgleich token list --user erika'],
  'token create': ['abgleich token create laptop --user erika --expires-in-days 90', 'abgleich token create laptop --user erika --get token > erika.token'],
  'token revoke': ['abgleich token revoke 7d0c…'],
  'gallery list': ['abgleich gallery list'],
  'gallery create': ['abgleich gallery create Mugshots --kind face --legal-basis "BKAG §16" --purposes criminal-investigation'],
  'gallery update': ['abgleich gallery update Mugshots --retention-days 1825 --threshold-fmr 1e-5'],
  'gallery reembed': ['abgleich gallery reembed Mugshots --model arcface-r100 --wait'],
  'gallery reembed-status': ['abgleich gallery reembed-status Mugshots --json'],
  'log verify': ["abgleich log verify log.jsonl --public-key log.pub --checkpoint kept.checkpoint", 'abgleich log verify log.jsonl --public-key log.pub --verbose'],
  'log public-key': ['abgleich log public-key > log.pub'],
  'log export': ['abgleich log export --out log.jsonl'],
  'log checkpoint': ['abgleich log checkpoint > kept.checkpoint'],
  'log proof': ['abgleich log proof 17 --size 1234'],
  'log consistency': ['abgleich log consistency 1000 1234'],
  'log retention': ['abgleich log retention --days 1095'],
  'log entries': ['abgleich log entries --action search. --from 2026-01-01 --limit 20'],
  stats: ['abgleich stats --by month --from 2026-01-01 --format csv', 'abgleich stats --refusals'],
  'witness public-key': ['abgleich witness public-key --state ./witness > dsb.pub'],
  'witness cosign': ['abgleich witness cosign --state ./witness --url https://abgleich.example --log-key log.pub --token abg_…'],
  hash: ['abgleich hash ./seized --workers 4 > hashes.jsonl'],
  'face embed': ['abgleich face embed ./photos --all-faces > faces.jsonl'],
  'face compare': ['abgleich face compare probe.jpg reference.jpg --fmr 1e-4'],
  enroll: ['abgleich enroll Mugshots ./intake --source "custody 2026-03"', 'abgleich enroll Mugshots photos.zip --source "custody" --manifest manifest.json'],
  'agreement list': ['abgleich agreement list'],
  'agreement create': ['abgleich agreement create --requester "LKA Berlin" --galleries Mugshots --purposes criminal-investigation --until 2027-12-31 --reference "Vereinbarung 2026/4"'],
  'agreement revoke': ['abgleich agreement revoke 3f9a…'],
  search: ['abgleich search probe.jpg --purpose criminal-investigation --case "ST 12/26" --authorisation "Beschluss AG 4 Gs 17/26" --galleries Mugshots'],
  verify: ['abgleich verify probe.jpg --disclosure 5be1… --purpose criminal-investigation --case "ST 12/26" --authorisation "Beschluss AG 4 Gs 17/26"'],
  'hit list': ['abgleich hit list --state pending'],
  'hit show': ['abgleich hit show 0c4e…'],
  'hit decide': ['abgleich hit decide 0c4e… match --note "ear shape, scar on the left brow agree"'],
  'disclosure list': ['abgleich disclosure list'],
  'disclosure request': ['abgleich disclosure request 0c4e… --justification "suspect in ST 12/26, identity needed for the warrant"'],
  'disclosure decide': ['abgleich disclosure decide 5be1… approve --note "agreement 2026/4 covers it"'],
  'disclosure core-data': ['abgleich disclosure core-data 5be1… --case "ST 12/26"'],
  'subject list': ['abgleich subject list Mugshots --limit 20'],
  'subject samples': ['abgleich subject samples 91d2…'],
  'subject erase': ['abgleich subject erase 91d2… --reason "acquitted, §489 StPO"'],
  'sample provenance': ['abgleich sample provenance 44ab… --capture-date 2026-03-02'],
  'retention run': ['abgleich retention run'],
  'objection file': ['abgleich objection file ./evidence --reference "DSB-2026-031" --purpose ai-training'],
  'objection list': ['abgleich objection list --status active'],
  'objection show': ['abgleich objection show 2b7f…'],
  'objection withdraw': ['abgleich objection withdraw 2b7f… --reason "request withdrawn by the person"'],
  'objection reach': ['abgleich objection reach 2b7f… ./candidates'],
  'export manifest': ['abgleich export manifest Mugshots --purpose ai-training > manifest.json'],
  'hashset import': ['abgleich hashset import known.json --name "Known CSAM" --source "national list 2026-03"'],
  'model add': ['abgleich model add /opt/models/arcface-r100.json --data /srv/abgleich'],
  'model list': ['abgleich model list --data /srv/abgleich'],
  'model calibrate': [
    'abgleich model calibrate arcface-r100 /srv/labelled/people --data /srv/abgleich --out declaration.md',
    'abgleich model calibrate arcface-r100 /srv/lfw/pairs.txt --pairs --data /srv/abgleich --out declaration.json --det det.svg',
  ],
  'hashset list': ['abgleich hashset list'],
  'hashset export': ['abgleich hashset export 6e0d… --format csv --out known.csv'],
  triage: ['abgleich triage ./seized --case "ST 12/26" --gallery "Seized media"'],
  'recipient-notice list': ['abgleich recipient-notice list --open'],
  'recipient-notice acknowledge': ['abgleich recipient-notice acknowledge 8a1c…'],
  notice: ['abgleich notice inbox'],
  'notice issue': ['abgleich notice issue unknown.jpg --purpose criminal-investigation --legal-basis "StPO §131a" --case "UJs 7/26" --description "Unknown man, detained without papers" --recipients "Agency B,Agency C" --valid-until 2026-12-31'],
  'notice list': ['abgleich notice list'],
  'notice inbox': ['abgleich notice inbox'],
  'notice show': ['abgleich notice show 3f9b…'],
  'notice approve': ['abgleich notice approve 3f9b…'],
  'notice withdraw': ['abgleich notice withdraw 3f9b…'],
  'notice accept': ['abgleich notice accept 3f9b… --galleries Custody'],
  'notice decline': ['abgleich notice decline 3f9b… --reason "No comparable offence under our law"'],
  'notice request-disclosure': ['abgleich notice request-disclosure 3f9b… 7c2e… --justification "Identify the detainee"'],
  'notice accept-purposes': ['abgleich notice accept-purposes criminal-investigation,missing-persons'],
};

/** The commands that have examples, as `group command` paths. */
export const commandsWithExamples = (): string[] => Object.keys(examples);

const block = (lines: string[]) => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

/** Adds the examples above to every command's help; groups get the first example of each command in them. */
export function addExamples(program: Command): void {
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const name = [...path, sub.name()];
      walk(sub, name);
      const own = examples[name.join(' ')];
      const lines = own ?? (sub.commands.length > 0 ? sub.commands.flatMap((c) => examples[[...name, c.name()].join(' ')]?.slice(0, 1) ?? []) : []);
      if (lines.length > 0) sub.addHelpText('after', block(lines));
    }
  };
  walk(program, []);
}
