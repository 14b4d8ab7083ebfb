import type { TaskDefinition } from '../../definition.js';
import { LEGAL_BOILERPLATE, LEGAL_MENTIONS, LEGAL_OPENERS, LEGAL_SUPPORT } from './context.js';
import { LEGAL_DECISIVE } from './decisive.js';
import { LEGAL_DECOYS } from './decoys.js';
import { LEGAL_SLOTS } from './slots.js';

/** legal / clause: which kind of contract clause a passage is. */
export const legalClause: TaskDefinition = {
  spec: {
    domain: 'legal',
    task: 'clause',
    description: 'Contract clause classification: which type of clause a contract passage is.',
    labels: [
      'governing_law',
      'termination',
      'confidentiality',
      'indemnification',
      'limitation_of_liability',
      'assignment',
      'force_majeure',
      'payment_terms',
      'warranties',
      'dispute_resolution',
      'intellectual_property',
      'non_solicitation',
    ],
    labelDocs: {
      governing_law: 'Which law governs the contract and its interpretation (choice of law).',
      termination:
        'When and how a party may end the contract (for convenience, for breach, insolvency, notice).',
      confidentiality:
        'Duty to keep the other party’s non-public information secret and use it only for the contract.',
      indemnification:
        'One party must defend and hold the other harmless against third-party claims and losses.',
      limitation_of_liability:
        'Caps or excludes a party’s liability (damages caps, no consequential damages).',
      assignment:
        'Whether a party may transfer its rights or obligations to someone else (consent, change of control).',
      force_majeure:
        'Excuses performance delayed or prevented by events beyond a party’s reasonable control.',
      payment_terms: 'Fees, invoicing, due dates, late interest and taxes on payments.',
      warranties:
        'Promises about the quality or conformity of goods/services, and disclaimers of implied warranties.',
      dispute_resolution:
        'How disputes are resolved: arbitration, escalation, mediation, court jurisdiction and venue.',
      intellectual_property:
        'Who owns or may use intellectual property: ownership of deliverables, licences, pre-existing IP.',
      non_solicitation:
        'A party may not hire or solicit the other party’s employees or customers for a period.',
    },
  },
  slots: LEGAL_SLOTS,
  decisive: LEGAL_DECISIVE,
  support: LEGAL_SUPPORT,
  boilerplate: LEGAL_BOILERPLATE,
  mentions: LEGAL_MENTIONS,
  decoys: LEGAL_DECOYS,
  openers: LEGAL_OPENERS,
};
