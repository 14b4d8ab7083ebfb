import type { TaskDefinition } from '../../definition.js';
import { calendarDate, integerBetween } from '../../slots.js';
import type { SlotTable } from '../../template.js';
import { BRAIN_MIND_EYE } from './brain-mind-eye.js';
import { type Condition, type ConditionTable, SPECIALTIES, type Specialty } from './condition.js';
import { BOILERPLATE, DECOYS, HISTORY, OPENERS } from './context.js';
import { GUT_KIDNEY_GLANDS } from './gut-kidney-glands.js';
import { HEART_LUNG } from './heart-lung.js';
import { LAYOUTS } from './layouts.js';
import { MORE_CONDITIONS } from './more-conditions.js';
import { ROUTINE } from './routine.js';
import { SKIN_BONE } from './skin-bone.js';
import { URO_OBSTETRIC } from './uro-obstetric.js';
import { VALUE_SLOTS } from './values.js';

/**
 * medical / specialty: which specialty a clinical note belongs to.
 * Each specialty has 16–24 conditions whose complaint, findings, work-up, diagnosis and plan agree; 38 note
 * layouts (SOAP, referral letter, consult, discharge summary, triage, telephone, problem list, ED
 * disposition, result report, …) combine them, so a label's wording varies along several axes at once.
 * Around the problem sit comorbidities, pertinent negatives and near-miss decoys from other specialties.
 */
const TABLES: readonly ConditionTable[] = [
  ROUTINE,
  HEART_LUNG,
  GUT_KIDNEY_GLANDS,
  BRAIN_MIND_EYE,
  SKIN_BONE,
  URO_OBSTETRIC,
  MORE_CONDITIONS,
];

function conditionsOf(specialty: Specialty): Condition[] {
  return TABLES.flatMap((t) => t[specialty] ?? []);
}

const CONDITIONS = Object.fromEntries(SPECIALTIES.map((s) => [s, conditionsOf(s)])) as Record<
  Specialty,
  Condition[]
>;

/**
 * British spellings as alternatives ("[edema|oedema]"), since clinical text in English uses both; applied to
 * word starts so "edematous" and "ischemic" are covered too.
 */
const BRITISH: Readonly<Record<string, string>> = {
  edema: 'oedema',
  hemorrhag: 'haemorrhag',
  hematuria: 'haematuria',
  hematoma: 'haematoma',
  hemoglobin: 'haemoglobin',
  hematemesis: 'haematemesis',
  hemoptysis: 'haemoptysis',
  hemodialysis: 'haemodialysis',
  anemia: 'anaemia',
  esophag: 'oesophag',
  tumor: 'tumour',
  diarrhea: 'diarrhoea',
  cesarean: 'caesarean',
  ischemi: 'ischaemi',
  hyperkalemia: 'hyperkalaemia',
  hypokalemia: 'hypokalaemia',
  hyponatremia: 'hyponatraemia',
  hypernatremia: 'hypernatraemia',
  hypoglycemi: 'hypoglycaemi',
  hyperglycemi: 'hyperglycaemi',
  hypercalcemia: 'hypercalcaemia',
  dyspnea: 'dyspnoea',
  apnea: 'apnoea',
  color: 'colour',
  anesthe: 'anaesthe',
  orthopedic: 'orthopaedic',
};
const BRITISH_RE = new RegExp(`\\b(${Object.keys(BRITISH).join('|')})`, 'g');

function withBritishSpellings(template: string): string {
  return template.replace(BRITISH_RE, (us: string) => `[${us}|${BRITISH[us]}]`);
}

/** Gestational age the ways obstetric notes write it: "32 weeks", "32/40", "32+4 wks". */
function gestationalAgeForms(template: string): string {
  return template.replace(
    /\{(ga|termga|earlyga)\} weeks/g,
    (_m, slot: string) => `[{${slot}} weeks|{${slot}}/40|{${slot}} wk|{${slot}}+{gaday} wks]`,
  );
}

function patientSlot(specialty: Specialty, condition: Condition): string {
  if (specialty === 'obstetrics') return '{ptPregnant}';
  if (condition.sex === 'male') return '{ptMale}';
  if (condition.sex === 'female') return '{ptFemale}';
  return '{pt}';
}

/** One decisive template per (condition, layout): the condition's phrases become inline alternatives. */
function conditionTemplates(specialty: Specialty): string[] {
  return CONDITIONS[specialty].flatMap((condition) =>
    LAYOUTS.map((layout) =>
      layout
        .replace(
          /\{%(cc|exam|workup|dx|plan)\}/g,
          (_m, key: 'cc' | 'exam' | 'workup' | 'dx' | 'plan') =>
            `[${condition[key].map((p) => gestationalAgeForms(withBritishSpellings(p))).join('|')}]`,
        )
        .replaceAll('{%pt}', patientSlot(specialty, condition))
        .replaceAll('{%service}', `{service_${specialty}}`),
    ),
  );
}

/**
 * Pertinent negatives and past history that reuse another specialty's complaint and diagnosis wording
 * ("Denies chest pain", "No prior history of migraine with aura"): a keyword count is pulled towards that
 * specialty while a reader knows it was ruled out. Sex-specific conditions and obstetrics are left out.
 */
const NEGATION_FRAMES = [
  'Denies {%cc*}.',
  'No {%cc*}.',
  'Negative for {%cc*}.',
  'No prior history of {%dx*}.',
  '{%dx*} [was |]ruled out [previously|last year|on prior workup].',
  'No evidence of {%dx*}.',
];

function negationSlots(): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const s of SPECIALTIES) {
    // Routine visits make no sense negated ("Denies a wound check after pacemaker implant").
    const routine = new Set(ROUTINE[s] ?? []);
    const neutral = CONDITIONS[s].filter((c) => c.sex === undefined && !routine.has(c));
    // "Denies a painless lump" reads badly, and so does "No evidence of testicular mass, suspicious for ...".
    out[`neg_${s}_cc`] = neutral.flatMap((c) => c.cc).map((cc) => cc.replace(/^an? /, ''));
    out[`neg_${s}_dx`] = neutral.flatMap((c) => c.dx).filter((dx) => !/,|suspect/.test(dx));
  }
  return out;
}

function mentionsOf(s: Specialty): string[] {
  const negations =
    s === 'obstetrics' ? [] : NEGATION_FRAMES.map((frame) => frame.replaceAll('{%', `{neg_${s}_`));
  return [...negations, ...HISTORY[s]].map(withBritishSpellings);
}

/** How notes name each specialty's team ("cards consulted", "refer to GI"). */
const SERVICES: Record<Specialty, string[]> = {
  cardiology: ['cardiology', 'cards', 'the cardiology service'],
  pulmonology: ['pulmonology', 'pulm', 'respiratory medicine', 'the chest team'],
  gastroenterology: ['GI', 'gastroenterology', 'the GI service'],
  neurology: ['neurology', 'neuro', 'the neurology service'],
  dermatology: ['dermatology', 'derm'],
  endocrinology: ['endocrinology', 'endo'],
  nephrology: ['nephrology', 'renal', 'the renal team'],
  orthopedics: ['orthopedics', 'ortho', 'orthopaedic surgery'],
  psychiatry: ['psychiatry', 'psych', 'the psychiatry service'],
  ophthalmology: ['ophthalmology', 'ophtho', 'the eye clinic'],
  urology: ['urology', 'uro', 'the urology service'],
  obstetrics: ['obstetrics', 'OB', 'L&D', 'labor and delivery'],
};

const slots: SlotTable = {
  ...VALUE_SLOTS,
  ...Object.fromEntries(SPECIALTIES.map((s) => [`service_${s}`, SERVICES[s]])),
  ...negationSlots(),
  pt: [
    '{age}-year-old [man|male|gentleman]',
    '{age}-year-old [woman|female|lady]',
    '{age} [yo|y/o|yr old] [M|male]',
    '{age} [yo|y/o|yr old] [F|female]',
    '{age}[M|F]',
    '{age}-year-old [man|woman] with a history of {pmh}',
    '{age}[M|F] w/ PMH {pmh}',
    '{age} yo [M|F] with hx of {pmh}',
    'Mr {surname}, {age},',
    'Mrs {surname}, {age},',
    'this {age}-year-old [man|woman|patient]',
  ],
  ptMale: [
    '{age}-year-old man',
    '{age} [yo|y/o] M',
    '{age}M',
    '{age}-year-old male',
    '{age}-year-old man with a history of {pmh}',
    '{age}M w/ PMH {pmh}',
    'Mr {surname}, {age},',
    'this {age}-year-old gentleman',
  ],
  ptFemale: [
    '{ageFertile}-year-old woman',
    '{ageFertile} [yo|y/o] F',
    '{ageFertile}F',
    'Mrs {surname}, {ageFertile},',
    '{ageFertile}F w/ PMH {pmh}',
  ],
  ptPregnant: [
    '{ageFertile}-year-old {gp}',
    '{ageFertile}-year-old {gp} woman',
    '{ageFertile} [yo|y/o] {gp}',
    '{ageFertile}F {gp}',
    'Mrs {surname}, {ageFertile}, {gp},',
    '{ageFertile}-year-old {gp} with a history of {pmhYoung}',
    '{ageFertile}F [primip|multip]',
    '{ageFertile} yo [primigravida|multigravida]',
  ],
  gaday: integerBetween(0, 6),
  gp: ['G1P0', 'G2P1', 'G2P0', 'G3P2', 'G3P1', 'G4P2', 'G1P0', 'G2P1', 'G5P3'],
  ageFertile: integerBetween(18, 43),
  age: integerBetween(18, 89),
  surname: [
    'Smith',
    'Jones',
    'Patel',
    'Nguyen',
    'Garcia',
    'Brown',
    'Kim',
    'Okafor',
    'Müller',
    'Rossi',
    'Cohen',
    'Silva',
    'Walsh',
    'Ahmed',
  ],
  doctor: [
    'Adams',
    'Baker',
    'Chen',
    'Das',
    'Evans',
    'Fischer',
    'Haddad',
    'Ibrahim',
    'Lopez',
    'Murphy',
    'Novak',
    'Ortiz',
  ],
  pmh: ['{comorb}', '{comorb} and {comorb2}', '{comorb}, {comorb2}, {comorb3}', '{comorb}, {comorb2}'],
  pmhYoung: ['asthma', 'hypothyroidism', 'anxiety', 'migraine', 'obesity', 'prior cesarean'],
  comorb: [
    'HTN',
    'hypertension',
    'HLD',
    'hyperlipidemia',
    'DM2',
    'type 2 diabetes',
    'obesity',
    'T2DM on metformin',
    'tobacco use',
  ],
  comorb2: [
    'GERD',
    'hypothyroidism',
    'OA',
    'osteoarthritis',
    'OSA',
    'CKD 3a',
    'depression',
    'gout',
    'asthma',
    'anxiety',
  ],
  comorb3: [
    'COPD',
    'AF on apixaban',
    'CAD s/p PCI',
    'remote CVA',
    'migraine',
    'glaucoma',
    'psoriasis',
    'BPH',
    'anemia',
  ],
  duration: [
    '2 days',
    '3 weeks',
    'several months',
    '48 hours',
    'one week',
    'six months',
    '{count} days',
    'a year',
    '{count} wks',
    '{count}d',
    '2 mo',
  ],
  date: calendarDate,
};

const decisive: Record<string, string[]> = {};
for (const s of SPECIALTIES) decisive[s] = conditionTemplates(s);

export const medicalSpecialty: TaskDefinition = {
  spec: {
    domain: 'medical',
    task: 'specialty',
    description: 'Clinical note → the medical specialty whose problem the note is about.',
    labels: SPECIALTIES,
    labelDocs: {
      cardiology:
        'Heart and circulation: chest pain, arrhythmia, heart failure, valve disease, ECG/echo findings.',
      pulmonology:
        'Lungs and breathing: COPD, asthma, fibrosis, nodules, effusions, sleep apnea, spirometry.',
      gastroenterology: 'Digestive tract and liver: ulcers, GI bleeding, IBD, reflux, endoscopy findings.',
      neurology: 'Brain, spinal cord and nerves: stroke, seizures, migraine, Parkinson’s, MS, neuropathy.',
      dermatology: 'Skin: psoriasis, suspicious moles, zoster, acne, skin cancers, rashes.',
      endocrinology: 'Hormones and metabolism: diabetes, thyroid disease, Cushing’s, glucose disorders.',
      nephrology:
        'Kidneys: acute kidney injury, chronic kidney disease, nephrotic syndrome, dialysis, electrolytes.',
      orthopedics:
        'Bones, joints and ligaments after injury or wear: fractures, ligament and tendon tears, disc herniation.',
      psychiatry: 'Mental health: depression, bipolar disorder, psychosis, anxiety, OCD, substance use.',
      ophthalmology:
        'Eyes and vision: glaucoma, retinal detachment, cataract, macular degeneration, uveitis.',
      urology: 'Urinary tract and male reproductive organs: stones, prostate, hematuria, testicular masses.',
      obstetrics: 'Pregnancy and childbirth: labor, preeclampsia, gestational diabetes, ruptured membranes.',
    },
  },
  slots,
  decisive,
  boilerplate: BOILERPLATE,
  mentions: Object.fromEntries(SPECIALTIES.map((s) => [s, mentionsOf(s)])),
  decoys: Object.fromEntries(SPECIALTIES.map((s) => [s, DECOYS[s].map(withBritishSpellings)])),
  openers: OPENERS,
  openerRate: 0.25,
  distractorWeights: [1, 3, 4, 4, 2],
  mentionRate: 0.7,
};

export { SPECIALTIES };
