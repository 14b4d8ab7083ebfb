import type { TaskDefinition } from '../definition.js';
import type { Rng } from '../rng.js';
import { integerBetween } from '../slots.js';
import type { SlotTable } from '../template.js';

/**
 * medical / specialty: which specialty a clinical note belongs to.
 * Each label has its own pools of chief complaints, history, exam findings, work-up, assessments and plans;
 * shared note layouts combine them, so a label's wording varies along several axes at once.
 */
const SPECIALTIES = [
  'cardiology',
  'pulmonology',
  'gastroenterology',
  'neurology',
  'dermatology',
  'endocrinology',
  'nephrology',
  'orthopedics',
  'psychiatry',
  'ophthalmology',
  'urology',
  'obstetrics',
] as const;
type Specialty = (typeof SPECIALTIES)[number];

interface SpecialtyVocabulary {
  /** Chief complaints. */
  cc: string[];
  /** Examination or history findings. */
  exam: string[];
  /** Investigations and their results. */
  workup: string[];
  /** Assessments / diagnoses. */
  dx: string[];
  /** Management plans. */
  plan: string[];
}

const VOCAB: Record<Specialty, SpecialtyVocabulary> = {
  cardiology: {
    cc: [
      'exertional chest pressure radiating to the left arm',
      '[crushing |]substernal chest pain [on exertion|relieved by rest]',
      'palpitations and a racing, irregular heartbeat',
      'shortness of breath lying flat and ankle swelling',
      'episodes of near-syncope with a pounding heartbeat',
    ],
    exam: [
      'a [grade {grade}/6 |]systolic murmur at the right upper sternal border',
      'irregularly irregular pulse [at {hr*} bpm|]',
      'jugular venous distension and bibasilar crackles with pitting edema',
      'an S3 gallop and displaced apical impulse',
    ],
    workup: [
      'ECG [shows|showed] ST-segment depression in the lateral leads',
      'troponin [was |]elevated at {trop}',
      'echocardiogram [shows|showed] an ejection fraction of {ef}',
      'ECG [confirms|confirmed] atrial fibrillation with rapid ventricular response',
      'BNP [was |]markedly elevated',
      'stress test [was |]positive for inducible ischemia',
    ],
    dx: [
      'unstable angina',
      'NSTEMI',
      'new-onset atrial fibrillation',
      'heart failure with reduced ejection fraction',
      'severe aortic stenosis',
      'coronary artery disease',
    ],
    plan: [
      'cardiac catheterization [and coronary angiography |]',
      'start [a beta blocker|metoprolol] and anticoagulation with [apixaban|warfarin]',
      'diuresis with IV furosemide and an echocardiogram',
      'Holter monitor and cardiology follow-up',
      'dual antiplatelet therapy and a high-intensity statin',
    ],
  },
  pulmonology: {
    cc: [
      'chronic productive cough and worsening dyspnea',
      'wheezing and chest tightness [at night|with exercise]',
      'progressive shortness of breath on exertion over months',
      'hemoptysis and a persistent cough',
      'loud snoring with witnessed apneas and daytime sleepiness',
    ],
    exam: [
      'diffuse expiratory wheezes with a prolonged expiratory phase',
      'fine velcro-like crackles at both lung bases',
      'decreased breath sounds and dullness to percussion at the right base',
      'SpO2 of {lowspo2} on room air with pursed-lip breathing',
    ],
    workup: [
      'spirometry [shows|showed] an FEV1/FVC ratio of {ratio} [without|with minimal] bronchodilator reversibility',
      'CT chest [shows|showed] a {nodule} mm spiculated nodule in the right upper lobe',
      'high-resolution CT [shows|showed] reticular opacities with honeycombing',
      'chest X-ray [shows|showed] a moderate right pleural effusion',
      'sleep study [shows|showed] an apnea-hypopnea index of {ahi}',
    ],
    dx: [
      'COPD exacerbation',
      'poorly controlled asthma',
      'idiopathic pulmonary fibrosis',
      'obstructive sleep apnea',
      'pleural effusion of unclear cause',
      'pulmonary nodule requiring evaluation',
    ],
    plan: [
      'inhaled [tiotropium|budesonide-formoterol] and pulmonary rehabilitation',
      'bronchoscopy with biopsy',
      'thoracentesis with pleural fluid analysis',
      'CPAP titration',
      'full pulmonary function tests and a six-minute walk test',
    ],
  },
  gastroenterology: {
    cc: [
      'epigastric burning after meals [and regurgitation|]',
      'black tarry stools and lightheadedness',
      'chronic diarrhea with crampy abdominal pain',
      'difficulty swallowing solids',
      'bright red blood per rectum',
      'jaundice and right upper quadrant discomfort',
    ],
    exam: [
      'epigastric tenderness without guarding',
      'hepatomegaly and scleral icterus',
      'mild diffuse abdominal tenderness with hyperactive bowel sounds',
      'stool guaiac positive on rectal exam',
    ],
    workup: [
      'upper endoscopy [shows|showed] a [clean-based |]duodenal ulcer',
      'colonoscopy [shows|showed] patchy ulceration of the terminal ileum',
      'liver enzymes [were|are] elevated with ALT {alt}',
      'fecal calprotectin [was |]markedly elevated',
      'H. pylori stool antigen [was |]positive',
    ],
    dx: [
      'peptic ulcer disease',
      'upper GI bleed',
      'Crohn’s disease',
      'gastroesophageal reflux disease',
      'ulcerative colitis flare',
      'celiac disease',
    ],
    plan: [
      'start a proton pump inhibitor [twice daily|] and H. pylori eradication therapy',
      'schedule colonoscopy [with biopsies|]',
      'EGD [within 24 hours|] and IV pantoprazole',
      'gluten-free diet and tissue transglutaminase testing',
      'begin mesalamine and refer to GI clinic',
    ],
  },
  neurology: {
    cc: [
      'sudden right-sided weakness and slurred speech',
      'recurrent seizures with tongue biting',
      'severe unilateral throbbing headaches with aura',
      'tremor at rest and slowness of movement',
      'numbness and tingling that ascends from the feet',
      'episodes of vertigo with double vision',
    ],
    exam: [
      'left facial droop and pronator drift [of the right arm|]',
      'cogwheel rigidity and a shuffling gait',
      'absent ankle reflexes and reduced vibration sense',
      'positive Romberg sign and nystagmus',
    ],
    workup: [
      'MRI brain [shows|showed] an acute infarct in the left MCA territory',
      'EEG [shows|showed] generalized spike-and-wave discharges',
      'MRI [shows|showed] periventricular white matter lesions',
      'nerve conduction studies [show|showed] a demyelinating polyneuropathy',
      'CT head [was |]negative for hemorrhage',
    ],
    dx: [
      'acute ischemic stroke',
      'epilepsy',
      'migraine with aura',
      'Parkinson’s disease',
      'multiple sclerosis',
      'Guillain–Barré syndrome',
    ],
    plan: [
      'thrombolysis evaluation and stroke unit admission',
      'start levetiracetam and seizure precautions',
      'trial of a triptan and migraine prophylaxis',
      'start carbidopa-levodopa',
      'lumbar puncture and IV immunoglobulin',
    ],
  },
  dermatology: {
    cc: [
      'itchy red scaly plaques on the elbows and knees',
      'a changing pigmented mole on the back',
      'painful blistering rash in a band on one side of the chest',
      'inflammatory acne with cysts on the face',
      'a pearly nodule on the nose that bleeds',
      'an itchy rash in the skin folds',
    ],
    exam: [
      'well-demarcated erythematous plaques with silvery scale',
      'an asymmetric lesion with irregular borders and color variegation, {mole} mm across',
      'grouped vesicles on an erythematous base in a dermatomal distribution',
      'comedones, papules and nodular cysts over the cheeks',
      'a pearly papule with telangiectasia',
    ],
    workup: [
      'dermoscopy [shows|showed] an atypical pigment network',
      'skin biopsy [confirms|confirmed] the diagnosis',
      'KOH preparation [was |]positive for hyphae',
      'punch biopsy [pending|was sent]',
    ],
    dx: [
      'plaque psoriasis',
      'suspected melanoma',
      'herpes zoster',
      'nodulocystic acne',
      'basal cell carcinoma',
      'atopic dermatitis',
      'tinea corporis',
    ],
    plan: [
      'topical [clobetasol|corticosteroids] and consideration of a biologic',
      'excisional biopsy with [2 mm|narrow] margins',
      'start isotretinoin with monthly pregnancy tests',
      'Mohs surgery referral',
      'valacyclovir and topical emollients',
    ],
  },
  endocrinology: {
    cc: [
      'excessive thirst, frequent urination and weight loss',
      'heat intolerance, weight loss and palpitations with a neck swelling',
      'fatigue, weight gain and cold intolerance',
      'episodes of sweating and confusion relieved by eating',
      'easy bruising, central weight gain and purple stretch marks',
    ],
    exam: [
      'a diffusely enlarged, non-tender thyroid with a bruit',
      'fine tremor and lid lag',
      'dry skin, delayed relaxation of reflexes and a goiter',
      'moon facies and abdominal striae',
      'acanthosis nigricans at the neck',
    ],
    workup: [
      'HbA1c [of|was] {a1c}',
      'TSH [was |]suppressed with elevated free T4',
      'TSH [was |]elevated at {tsh} with low free T4',
      'fasting glucose [was |]{glucose} mg/dL',
      'late-night salivary cortisol [was |]elevated',
    ],
    dx: [
      'newly diagnosed type 2 diabetes mellitus',
      'Graves’ disease',
      'primary hypothyroidism',
      'poorly controlled type 1 diabetes',
      'Cushing’s syndrome',
      'diabetic ketoacidosis, resolving',
    ],
    plan: [
      'start metformin and diabetes education',
      'start methimazole and a beta blocker',
      'levothyroxine {levo} mcg daily and repeat TSH in six weeks',
      'adjust basal-bolus insulin and continuous glucose monitoring',
      'dexamethasone suppression test',
    ],
  },
  nephrology: {
    cc: [
      'rising creatinine and leg swelling',
      'foamy urine and periorbital edema',
      'decreased urine output after a diarrheal illness',
      'fatigue and itching with known chronic kidney disease',
    ],
    exam: [
      'pitting edema to the knees and periorbital puffiness',
      'uremic fetor and asterixis',
      'a functioning left arm AV fistula with a good thrill',
    ],
    workup: [
      'creatinine [rose|has risen] to {creat} mg/dL from a baseline of 1.0',
      'eGFR [is|was] {egfr} mL/min',
      'urine protein-to-creatinine ratio [of|was] {upcr} g/g',
      'potassium [was |]{potassium} mEq/L with metabolic acidosis',
      'renal ultrasound [shows|showed] small echogenic kidneys',
    ],
    dx: [
      'acute kidney injury',
      'chronic kidney disease stage {ckd}',
      'nephrotic syndrome',
      'end-stage renal disease on hemodialysis',
      'hyperkalemia from reduced renal function',
    ],
    plan: [
      'renal biopsy',
      'IV fluids, hold nephrotoxins and monitor renal function',
      'start an ACE inhibitor for proteinuria',
      'arrange dialysis access',
      'urgent hemodialysis',
    ],
  },
  orthopedics: {
    cc: [
      'knee pain and instability after a twisting injury playing football',
      'wrist pain and deformity after a fall on an outstretched hand',
      'hip pain and inability to bear weight after a fall',
      'shoulder pain with overhead activity and night pain',
      'low back pain radiating down the leg after lifting',
    ],
    exam: [
      'positive Lachman test with a large effusion',
      'dinner-fork deformity of the wrist',
      'a shortened, externally rotated leg',
      'positive impingement signs and weak external rotation',
      'positive straight-leg raise at 40 degrees',
    ],
    workup: [
      'X-ray [shows|showed] a displaced distal radius fracture',
      'MRI [shows|showed] a complete ACL tear',
      'X-ray [shows|showed] a displaced femoral neck fracture',
      'MRI [shows|showed] a full-thickness rotator cuff tear',
      'MRI [shows|showed] an L5–S1 disc herniation',
    ],
    dx: [
      'ACL rupture',
      'distal radius fracture',
      'hip fracture',
      'rotator cuff tear',
      'lumbar disc herniation with radiculopathy',
      'ankle fracture',
    ],
    plan: [
      'closed reduction and casting',
      'ACL reconstruction',
      'open reduction and internal fixation',
      'hemiarthroplasty',
      'physical therapy and arthroscopic repair if no improvement',
    ],
  },
  psychiatry: {
    cc: [
      'persistent low mood, anhedonia and early morning waking',
      'hearing voices and believing neighbors are watching',
      'decreased need for sleep, racing thoughts and overspending',
      'daily panic attacks and avoidance of crowded places',
      'intrusive thoughts and repetitive checking rituals',
      'heavy daily drinking and morning tremors',
    ],
    exam: [
      'mental status exam notable for flat affect and psychomotor slowing',
      'pressured speech and flight of ideas',
      'disorganized thought process with paranoid delusions',
      'passive suicidal ideation without a plan',
      'anxious affect with intact insight',
    ],
    workup: [
      'PHQ-9 score [of|was] {phq}',
      'GAD-7 score [of|was] {gad}',
      'urine drug screen [was |]negative',
      'CIWA score [of|was] {ciwa}',
    ],
    dx: [
      'major depressive disorder',
      'bipolar I disorder, current episode manic',
      'schizophrenia',
      'panic disorder with agoraphobia',
      'obsessive-compulsive disorder',
      'alcohol use disorder with withdrawal',
    ],
    plan: [
      'start sertraline and weekly psychotherapy',
      'start lithium and monitor levels',
      'start an antipsychotic and admit to the inpatient psychiatric unit',
      'cognitive behavioral therapy and an SSRI',
      'safety plan and close outpatient psychiatric follow-up',
    ],
  },
  ophthalmology: {
    cc: [
      'sudden painless loss of vision in the right eye',
      'a curtain coming down over the vision [of the left eye|] with flashes and floaters',
      'severe eye pain, halos around lights and a red eye',
      'gradually blurred, cloudy vision and glare when driving at night',
      'distorted central vision when reading',
    ],
    exam: [
      'intraocular pressure of {iop} mmHg [in the affected eye|]',
      'a cherry-red spot at the macula',
      'a fixed mid-dilated pupil with corneal edema',
      'a dense nuclear cataract',
      'drusen and pigment changes at the macula',
      'visual acuity of 20/{acuity} [in the right eye|in the left eye]',
    ],
    workup: [
      'dilated fundus exam [shows|showed] a retinal detachment',
      'OCT [shows|showed] subretinal fluid',
      'gonioscopy [shows|showed] a closed angle',
      'visual field testing [shows|showed] an arcuate defect',
      'slit-lamp exam [shows|showed] cells and flare in the anterior chamber',
    ],
    dx: [
      'acute angle-closure glaucoma',
      'rhegmatogenous retinal detachment',
      'central retinal artery occlusion',
      'age-related cataract',
      'wet age-related macular degeneration',
      'anterior uveitis',
    ],
    plan: [
      'laser peripheral iridotomy and topical pressure-lowering drops',
      'urgent retinal surgery',
      'cataract extraction with intraocular lens implantation',
      'intravitreal anti-VEGF injections',
      'topical steroid and cycloplegic drops',
    ],
  },
  urology: {
    cc: [
      'colicky flank pain radiating to the groin',
      'weak urinary stream, hesitancy and nocturia',
      'painless visible blood in the urine',
      'a painless lump in the testicle',
      'erectile dysfunction',
    ],
    exam: [
      'costovertebral angle tenderness',
      'an enlarged, smooth prostate on digital rectal exam',
      'a firm, non-tender testicular mass',
      'a distended bladder with post-void residual of {pvr} mL',
    ],
    workup: [
      'CT KUB [shows|showed] a {stone} mm obstructing ureteral stone',
      'PSA [was |]{psa} ng/mL',
      'cystoscopy [shows|showed] a papillary bladder lesion',
      'scrotal ultrasound [shows|showed] a solid intratesticular mass',
      'urinalysis [shows|showed] microscopic hematuria',
    ],
    dx: [
      'ureteral calculus',
      'benign prostatic hyperplasia',
      'bladder tumor',
      'testicular mass, suspicious for malignancy',
      'urinary retention',
    ],
    plan: [
      'tamsulosin and ureteroscopy if the stone does not pass',
      'transurethral resection of bladder tumor',
      'radical orchiectomy',
      'start tamsulosin and finasteride',
      'prostate biopsy',
      'Foley catheter and urology follow-up',
    ],
  },
  obstetrics: {
    cc: [
      'vaginal bleeding at {ga} weeks of gestation',
      'regular painful contractions at {ga} weeks',
      'headache and visual spots in the third trimester',
      'leakage of fluid at {ga} weeks',
      'decreased fetal movements',
      'nausea and vomiting in early pregnancy',
    ],
    exam: [
      'fundal height consistent with dates',
      'cervix {dilation} cm dilated and 80% effaced',
      'blood pressure {highbp} with 2+ proteinuria',
      'fetal heart tones present at {fhr} bpm',
    ],
    workup: [
      'ultrasound [shows|showed] a single live intrauterine pregnancy',
      'nitrazine test [was |]positive',
      'glucose tolerance test [was |]abnormal',
      'non-stress test [was |]reactive',
      'beta-hCG [was |]{hcg} mIU/mL',
    ],
    dx: [
      'preterm labor',
      'preeclampsia',
      'gestational diabetes',
      'preterm premature rupture of membranes',
      'hyperemesis gravidarum',
      'threatened miscarriage',
    ],
    plan: [
      'betamethasone for fetal lung maturity and tocolysis',
      'magnesium sulfate and planned delivery',
      'induction of labor',
      'continuous fetal monitoring',
      'dietary counseling and glucose monitoring in pregnancy',
      'obstetric ultrasound in one week',
    ],
  },
};

const between =
  (min: number, max: number, decimals = 0) =>
  (rng: Rng): string =>
    (min + rng.next() * (max - min)).toFixed(decimals);

/** Note layouts; `%` stands for the specialty's vocabulary prefix. */
/** Layouts name the patient as `{%pt}`, so sex-specific specialties get a fitting patient. */
const LAYOUTS = [
  'CC: {%cc}. HPI: {%pt} [with|reporting] {%cc} for {duration}. [Exam|On exam|PE]: {%exam}.',
  '{%pt} presents with {%cc}[ for {duration}|]. {%workup}.',
  '{%pt} [referred|seen|evaluated] for {%cc}. [On examination there is|Exam notable for|Examination reveals] {%exam}. Plan: {%plan}.',
  'Assessment: {%dx}. Plan: {%plan}.',
  '[Pt|Patient] reports {%cc} x {duration}. {%workup}. [Impression|A/P]: {%dx}.',
  '{%pt} with {%dx}[, {%workup}|]. [Will arrange|Recommend|Plan] {%plan}.',
  'Impression: {%dx}[ — {%exam}|]. [Next steps|Recommendations]: {%plan}.',
  '[History|Hx]: {%cc}. [Findings|Results]: {%workup}. [Dx|Diagnosis]: {%dx}.',
  '{%pt} [admitted|presenting] with {%cc}; {%exam} [noted|documented] on exam[ and {%workup}|].',
  '[Follow-up|F/u] visit for {%dx}. [Since the last visit|Interval history:] {%cc}. {%plan}.',
];

function specialtySlots(): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const s of SPECIALTIES) {
    for (const [key, phrases] of Object.entries(VOCAB[s])) out[`${s}_${key}`] = phrases;
    out[`${s}_pt`] = s === 'obstetrics' ? ['{ptFemale}'] : s === 'urology' ? ['{ptMale}'] : ['{pt}'];
  }
  return out;
}

const slots: SlotTable = {
  ...specialtySlots(),
  pt: [
    '{age}-year-old {sex}',
    '{age} yo {sexShort}',
    '{age}-year-old {sex} with a history of {pmh}',
    '{age}y {sexShort}',
    'this {age}-year-old {sex}',
  ],
  ptFemale: [
    '{ageFertile}-year-old woman',
    '{ageFertile} yo F',
    '{ageFertile}-year-old G{gravida}P{para} woman',
    '{ageFertile}y female',
  ],
  ptMale: [
    '{age}-year-old man',
    '{age} yo M',
    '{age}-year-old male',
    '{age}y male',
    '{age}-year-old man with a history of {pmh}',
  ],
  ageFertile: integerBetween(18, 43),
  gravida: integerBetween(1, 4),
  para: integerBetween(0, 1),
  age: integerBetween(18, 89),
  sex: ['man', 'woman', 'male', 'female', 'patient'],
  sexShort: ['M', 'F', 'male', 'female'],
  pmh: [
    'hyperlipidemia',
    'osteoarthritis',
    'GERD',
    'seasonal allergies',
    'remote appendectomy',
    'obesity',
    'smoking',
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
  ],
  count: integerBetween(2, 14),
  grade: integerBetween(2, 4),
  hr: integerBetween(58, 118),
  bp: (rng) => `${rng.int(102, 158)}/${rng.int(62, 96)}`,
  highbp: (rng) => `${rng.int(150, 178)}/${rng.int(98, 116)}`,
  temp: between(36.4, 38.4, 1),
  spo2: (rng) => `${rng.int(94, 100)}%`,
  lowspo2: (rng) => `${rng.int(84, 91)}%`,
  rr: integerBetween(12, 24),
  trop: (rng) => `${between(0.08, 4.5, 2)(rng)} ng/mL`,
  ef: (rng) => `${rng.int(20, 40)}%`,
  ratio: between(0.42, 0.66, 2),
  nodule: integerBetween(8, 28),
  ahi: integerBetween(18, 64),
  alt: integerBetween(110, 980),
  mole: integerBetween(6, 14),
  a1c: (rng) => `${between(7.2, 13.5, 1)(rng)}%`,
  tsh: between(9, 48, 1),
  glucose: integerBetween(190, 420),
  levo: ['25', '50', '75', '88', '100'],
  creat: between(2.1, 7.8, 1),
  egfr: integerBetween(9, 44),
  upcr: between(3.2, 9.5, 1),
  potassium: between(5.9, 7.4, 1),
  ckd: ['3b', '4', '5'],
  phq: integerBetween(15, 27),
  gad: integerBetween(12, 21),
  ciwa: integerBetween(12, 30),
  iop: integerBetween(38, 62),
  acuity: ['200', '400', '80', '100', 'counting fingers'],
  pvr: integerBetween(300, 1200),
  stone: integerBetween(4, 11),
  psa: between(4.5, 38, 1),
  ga: integerBetween(24, 36),
  dilation: integerBetween(2, 6),
  fhr: integerBetween(120, 160),
  hcg: integerBetween(1500, 90000),
  weeks: ['2', '4', '6', 'two', 'three', 'six'],
};

/** Incidental history lines, shown in other specialties' notes. */
const HISTORY_MENTIONS: Record<Specialty, string[]> = {
  cardiology: ['Family history of coronary artery disease in [father|mother].', 'Remote ECG [was |]normal.'],
  pulmonology: [
    'Remote history of childhood asthma, no inhaler use in years.',
    'Former smoker, quit {count} years ago.',
  ],
  gastroenterology: [
    'History of GERD, well controlled on omeprazole.',
    'Screening colonoscopy {count} years ago was normal.',
  ],
  neurology: ['Occasional tension headaches, not currently bothersome.', 'No history of seizures or stroke.'],
  dermatology: ['Has mild eczema as a child, now resolved.', 'Annual skin check last year was unremarkable.'],
  endocrinology: ['History of hypothyroidism on a stable levothyroxine dose.', 'Prediabetes on diet alone.'],
  nephrology: ['Baseline creatinine normal.', 'Renal function stable on recent labs.'],
  orthopedics: ['Status post right knee arthroscopy years ago.', 'Remote wrist fracture, healed.'],
  psychiatry: ['History of depression, stable on sertraline.', 'Mood and sleep reported as good.'],
  ophthalmology: ['Wears reading glasses.', 'Last eye exam {count} months ago, unremarkable.'],
  urology: ['Treated kidney stone {count} years ago.', 'Mild nocturia attributed to evening fluids.'],
  obstetrics: [],
};

/**
 * Pertinent negatives and past history that reuse another specialty's complaint and diagnosis wording
 * ("Denies chest pain", "No history of migraine with aura"): a keyword count is pulled towards that
 * specialty while a reader knows it was ruled out. Sex-specific specialties are left out.
 */
const NEGATION_FRAMES = [
  'Denies {%cc*}.',
  'No {%cc*}.',
  'Negative for {%cc*}.',
  'No prior history of {%dx*}.',
  '{%dx*} [was |]ruled out [previously|last year|on prior workup].',
  'Family history of {%dx*}.',
];

function negationMentions(specialty: Specialty): string[] {
  return NEGATION_FRAMES.map((frame) => frame.replaceAll('{%', `{${specialty}_`));
}

const decisive: Record<string, string[]> = {};
for (const s of SPECIALTIES) decisive[s] = LAYOUTS.map((layout) => layout.replaceAll('{%', `{${s}_`));

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
  boilerplate: [
    'Vitals: BP {bp}, HR {hr}, RR {rr}, T {temp} C, SpO2 {spo2} on room air.',
    'BP {bp}, pulse {hr}, afebrile.',
    'Allergies: [NKDA|penicillin (rash)|none known].',
    'Medications reviewed and reconciled.',
    'Lives with [spouse|family|a roommate]; [never smoker|former smoker|drinks socially].',
    'Return precautions discussed[ and the patient verbalized understanding|].',
    'Follow up in {weeks} weeks[ or sooner if symptoms worsen|].',
    'Labs: CBC and BMP within normal limits[ except as noted|].',
    'Patient seen and examined[ with the attending|]; note dictated.',
    'ROS otherwise negative.',
    'Interpreter [not required|used for the visit].',
  ],
  mentions: Object.fromEntries(
    SPECIALTIES.map((sp) => [
      sp,
      [...(sp === 'obstetrics' || sp === 'urology' ? [] : negationMentions(sp)), ...HISTORY_MENTIONS[sp]],
    ]),
  ),
  distractorWeights: [1, 3, 4, 4, 2],
  mentionRate: 0.7,
};

export { SPECIALTIES };
