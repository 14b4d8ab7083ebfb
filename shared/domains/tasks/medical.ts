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

/** One condition: its complaints, findings, investigations, diagnosis wording and plans agree with each other. */
interface Condition {
  cc: string[];
  exam: string[];
  workup: string[];
  dx: string[];
  plan: string[];
}

const CONDITIONS: Record<Specialty, Condition[]> = {
  cardiology: [
    {
      cc: [
        'exertional chest pressure radiating to the left arm',
        'substernal chest pain on exertion relieved by rest',
      ],
      exam: ['diaphoresis with a normal cardiac exam', 'an S4 gallop without murmurs'],
      workup: [
        'ECG [shows|showed] ST-segment depression in the lateral leads',
        'troponin [was |]elevated at {trop}',
      ],
      dx: ['NSTEMI', 'unstable angina', 'acute coronary syndrome'],
      plan: [
        'cardiac catheterization and coronary angiography',
        'dual antiplatelet therapy and a high-intensity statin',
      ],
    },
    {
      cc: [
        'palpitations and a racing, irregular heartbeat',
        'episodes of a fluttering heartbeat with fatigue',
      ],
      exam: ['irregularly irregular pulse at {hr*} bpm', 'an irregular rhythm without murmurs'],
      workup: [
        'ECG [confirms|confirmed] atrial fibrillation with rapid ventricular response',
        'Holter monitor [shows|showed] paroxysmal atrial fibrillation',
      ],
      dx: ['new-onset atrial fibrillation', 'paroxysmal atrial fibrillation'],
      plan: [
        'rate control with metoprolol and anticoagulation with [apixaban|warfarin]',
        'cardioversion after anticoagulation',
      ],
    },
    {
      cc: [
        'shortness of breath lying flat and ankle swelling',
        'waking at night breathless with leg swelling',
      ],
      exam: [
        'jugular venous distension and bibasilar crackles with pitting edema',
        'an S3 gallop and a displaced apical impulse',
      ],
      workup: ['echocardiogram [shows|showed] an ejection fraction of {ef}', 'BNP [was |]markedly elevated'],
      dx: ['heart failure with reduced ejection fraction', 'acute decompensated heart failure'],
      plan: ['diuresis with IV furosemide', 'start an ACE inhibitor, beta blocker and spironolactone'],
    },
    {
      cc: ['exertional dizziness and near-syncope', 'chest tightness and fainting on exertion'],
      exam: [
        'a grade {grade}/6 harsh systolic murmur at the right upper sternal border radiating to the carotids',
      ],
      workup: [
        'echocardiogram [shows|showed] a calcified aortic valve with a mean gradient of {gradient} mmHg',
      ],
      dx: ['severe aortic stenosis', 'symptomatic aortic stenosis'],
      plan: [
        'referral for transcatheter aortic valve replacement',
        'evaluation for aortic valve replacement',
      ],
    },
  ],
  pulmonology: [
    {
      cc: [
        'chronic productive cough and worsening dyspnea',
        'increased sputum and breathlessness over a week',
      ],
      exam: [
        'diffuse expiratory wheezes with a prolonged expiratory phase',
        'SpO2 of {lowspo2} on room air with pursed-lip breathing',
      ],
      workup: ['spirometry [shows|showed] an FEV1/FVC ratio of {ratio} without bronchodilator reversibility'],
      dx: ['COPD exacerbation', 'chronic obstructive pulmonary disease'],
      plan: [
        'inhaled tiotropium and pulmonary rehabilitation',
        'prednisone burst and nebulized bronchodilators',
      ],
    },
    {
      cc: ['wheezing and chest tightness at night', 'wheezing and cough with exercise'],
      exam: ['scattered expiratory wheezes', 'wheezing that improves after a bronchodilator'],
      workup: [
        'spirometry [shows|showed] reversible airflow obstruction',
        'peak flow [was |]{peak}% of predicted',
      ],
      dx: ['poorly controlled asthma', 'moderate persistent asthma'],
      plan: [
        'inhaled budesonide-formoterol as maintenance and reliever',
        'step up inhaled corticosteroid therapy',
      ],
    },
    {
      cc: [
        'progressive shortness of breath on exertion over months',
        'dry cough and breathlessness climbing stairs',
      ],
      exam: ['fine velcro-like crackles at both lung bases', 'digital clubbing and bibasilar crackles'],
      workup: ['high-resolution CT [shows|showed] reticular opacities with honeycombing'],
      dx: ['idiopathic pulmonary fibrosis', 'interstitial lung disease'],
      plan: ['start antifibrotic therapy', 'full pulmonary function tests and a six-minute walk test'],
    },
    {
      cc: ['loud snoring with witnessed apneas and daytime sleepiness'],
      exam: ['a crowded oropharynx and a large neck circumference'],
      workup: ['sleep study [shows|showed] an apnea-hypopnea index of {ahi}'],
      dx: ['obstructive sleep apnea'],
      plan: ['CPAP titration', 'start CPAP and weight management'],
    },
    {
      cc: ['hemoptysis and a persistent cough', 'a cough with weight loss in a heavy smoker'],
      exam: ['decreased breath sounds at the right apex', 'a clear chest exam'],
      workup: ['CT chest [shows|showed] a {nodule} mm spiculated nodule in the right upper lobe'],
      dx: ['pulmonary nodule requiring evaluation', 'suspicious lung nodule'],
      plan: ['bronchoscopy with biopsy', 'PET-CT and navigational bronchoscopy'],
    },
  ],
  gastroenterology: [
    {
      cc: ['epigastric burning after meals', 'gnawing upper abdominal pain relieved by food'],
      exam: ['epigastric tenderness without guarding'],
      workup: [
        'upper endoscopy [shows|showed] a clean-based duodenal ulcer',
        'H. pylori stool antigen [was |]positive',
      ],
      dx: ['peptic ulcer disease', 'duodenal ulcer'],
      plan: ['a proton pump inhibitor and H. pylori eradication therapy'],
    },
    {
      cc: ['black tarry stools and lightheadedness', 'vomiting blood'],
      exam: ['stool guaiac positive on rectal exam with tachycardia', 'melena on rectal exam'],
      workup: [
        'hemoglobin [dropped|fell] to {hb} g/dL',
        'urgent endoscopy [shows|showed] a bleeding gastric ulcer',
      ],
      dx: ['upper GI bleed', 'acute upper gastrointestinal bleeding'],
      plan: ['EGD within 24 hours and IV pantoprazole', 'transfusion and endoscopic hemostasis'],
    },
    {
      cc: ['chronic diarrhea with crampy abdominal pain and weight loss', 'bloody diarrhea with urgency'],
      exam: ['mild diffuse abdominal tenderness', 'right lower quadrant tenderness'],
      workup: [
        'colonoscopy [shows|showed] patchy ulceration of the terminal ileum',
        'fecal calprotectin [was |]markedly elevated',
      ],
      dx: ['Crohn’s disease', 'ulcerative colitis flare', 'inflammatory bowel disease'],
      plan: ['begin mesalamine and refer to GI clinic', 'start a biologic after TB screening'],
    },
    {
      cc: ['heartburn and regurgitation after meals', 'acid reflux worse lying down'],
      exam: ['a benign abdominal exam'],
      workup: ['upper endoscopy [shows|showed] erosive esophagitis'],
      dx: ['gastroesophageal reflux disease', 'reflux esophagitis'],
      plan: ['a proton pump inhibitor and lifestyle changes'],
    },
    {
      cc: ['jaundice and right upper quadrant discomfort', 'dark urine and yellow eyes'],
      exam: ['hepatomegaly and scleral icterus'],
      workup: ['liver enzymes [were|are] elevated with ALT {alt}', 'bilirubin [was |]{bili} mg/dL'],
      dx: ['acute hepatitis', 'cholestatic liver injury'],
      plan: ['viral hepatitis serologies and a liver ultrasound', 'MRCP and hepatology follow-up'],
    },
  ],
  neurology: [
    {
      cc: ['sudden right-sided weakness and slurred speech', 'sudden facial droop and arm weakness'],
      exam: [
        'left facial droop and pronator drift of the right arm',
        'right hemiparesis and expressive aphasia',
      ],
      workup: [
        'MRI brain [shows|showed] an acute infarct in the left MCA territory',
        'CT head [was |]negative for hemorrhage',
      ],
      dx: ['acute ischemic stroke'],
      plan: ['thrombolysis evaluation and stroke unit admission', 'thrombectomy evaluation'],
    },
    {
      cc: ['recurrent seizures with tongue biting', 'a generalized convulsion with post-ictal confusion'],
      exam: ['a non-focal neurological exam', 'a lateral tongue bite'],
      workup: ['EEG [shows|showed] generalized spike-and-wave discharges'],
      dx: ['epilepsy', 'generalized seizure disorder'],
      plan: ['start levetiracetam and seizure precautions'],
    },
    {
      cc: [
        'severe unilateral throbbing headaches with aura',
        'recurrent headaches with nausea and light sensitivity',
      ],
      exam: ['a normal neurological exam and normal fundi'],
      workup: ['MRI brain [was |]unremarkable'],
      dx: ['migraine with aura', 'chronic migraine'],
      plan: ['trial of a triptan and migraine prophylaxis'],
    },
    {
      cc: ['tremor at rest and slowness of movement', 'a shuffling walk and small handwriting'],
      exam: ['cogwheel rigidity and a shuffling gait', 'a pill-rolling rest tremor and bradykinesia'],
      workup: ['DaTscan [shows|showed] reduced striatal uptake'],
      dx: ['Parkinson’s disease'],
      plan: ['start carbidopa-levodopa'],
    },
    {
      cc: ['numbness and tingling that ascends from the feet with leg weakness'],
      exam: ['absent ankle reflexes and symmetric leg weakness'],
      workup: [
        'nerve conduction studies [show|showed] a demyelinating polyneuropathy',
        'lumbar puncture [shows|showed] high protein with a normal cell count',
      ],
      dx: ['Guillain–Barré syndrome'],
      plan: ['IV immunoglobulin and monitoring of respiratory function'],
    },
    {
      cc: ['episodes of blurred vision in one eye and limb numbness', 'double vision and unsteadiness'],
      exam: ['a positive Romberg sign and nystagmus', 'an afferent pupillary defect'],
      workup: ['MRI [shows|showed] periventricular white matter lesions'],
      dx: ['multiple sclerosis'],
      plan: ['high-dose steroids and disease-modifying therapy'],
    },
  ],
  dermatology: [
    {
      cc: ['itchy red scaly plaques on the elbows and knees'],
      exam: ['well-demarcated erythematous plaques with silvery scale'],
      workup: ['skin biopsy [confirms|confirmed] psoriasis'],
      dx: ['plaque psoriasis'],
      plan: ['topical clobetasol and consideration of a biologic'],
    },
    {
      cc: ['a changing pigmented mole on the back', 'a mole that has grown and darkened'],
      exam: ['an asymmetric lesion with irregular borders and color variegation, {mole} mm across'],
      workup: ['dermoscopy [shows|showed] an atypical pigment network'],
      dx: ['suspected melanoma', 'atypical melanocytic lesion'],
      plan: ['excisional biopsy with narrow margins'],
    },
    {
      cc: ['a painful blistering rash in a band on one side of the chest'],
      exam: ['grouped vesicles on an erythematous base in a dermatomal distribution'],
      workup: ['viral PCR of a vesicle [was |]positive for varicella zoster'],
      dx: ['herpes zoster', 'shingles'],
      plan: ['valacyclovir and analgesia'],
    },
    {
      cc: ['inflammatory acne with cysts on the face'],
      exam: ['comedones, papules and nodular cysts over the cheeks'],
      workup: ['baseline lipids and liver tests [were |]normal'],
      dx: ['nodulocystic acne'],
      plan: ['start isotretinoin with monthly monitoring'],
    },
    {
      cc: ['a pearly nodule on the nose that bleeds', 'a slowly growing sore on the face that will not heal'],
      exam: ['a pearly papule with telangiectasia'],
      workup: ['shave biopsy [confirms|confirmed] basal cell carcinoma'],
      dx: ['basal cell carcinoma'],
      plan: ['Mohs surgery referral'],
    },
    {
      cc: ['an itchy ring-shaped rash on the trunk', 'an itchy rash in the skin folds'],
      exam: ['annular plaques with a scaly advancing border and central clearing'],
      workup: ['KOH preparation [was |]positive for hyphae'],
      dx: ['tinea corporis', 'dermatophyte infection'],
      plan: ['topical terbinafine for two weeks'],
    },
  ],
  endocrinology: [
    {
      cc: ['excessive thirst, frequent urination and weight loss'],
      exam: ['acanthosis nigricans at the neck'],
      workup: ['HbA1c [of|was] {a1c}', 'fasting glucose [was |]{glucose} mg/dL'],
      dx: ['newly diagnosed type 2 diabetes mellitus', 'uncontrolled type 2 diabetes'],
      plan: ['start metformin and diabetes education'],
    },
    {
      cc: ['heat intolerance, weight loss and palpitations with a neck swelling'],
      exam: ['a diffusely enlarged, non-tender thyroid with a bruit', 'fine tremor and lid lag'],
      workup: ['TSH [was |]suppressed with elevated free T4', 'TSH receptor antibodies [were |]positive'],
      dx: ['Graves’ disease', 'hyperthyroidism'],
      plan: ['start methimazole and a beta blocker'],
    },
    {
      cc: ['fatigue, weight gain and cold intolerance'],
      exam: ['dry skin and delayed relaxation of reflexes'],
      workup: ['TSH [was |]elevated at {tsh} with low free T4'],
      dx: ['primary hypothyroidism'],
      plan: ['levothyroxine {levo} mcg daily and repeat TSH in six weeks'],
    },
    {
      cc: ['easy bruising, central weight gain and purple stretch marks'],
      exam: ['moon facies and wide purple abdominal striae'],
      workup: ['late-night salivary cortisol [was |]elevated'],
      dx: ['Cushing’s syndrome'],
      plan: ['dexamethasone suppression test and adrenal imaging'],
    },
    {
      cc: ['frequent low blood sugars on insulin', 'high glucose readings despite insulin'],
      exam: ['lipohypertrophy at insulin injection sites'],
      workup: ['continuous glucose monitor data [show|showed] wide glucose swings'],
      dx: ['poorly controlled type 1 diabetes'],
      plan: ['adjust basal-bolus insulin and rotate injection sites'],
    },
  ],
  nephrology: [
    {
      cc: ['decreased urine output after a diarrheal illness'],
      exam: ['dry mucous membranes and orthostatic hypotension'],
      workup: ['creatinine [rose|has risen] to {creat} mg/dL from a baseline of 1.0'],
      dx: ['acute kidney injury', 'prerenal acute kidney injury'],
      plan: ['IV fluids, hold nephrotoxins and monitor renal function'],
    },
    {
      cc: ['foamy urine and periorbital edema'],
      exam: ['pitting edema to the knees and periorbital puffiness'],
      workup: ['urine protein-to-creatinine ratio [of|was] {upcr} g/g with low albumin'],
      dx: ['nephrotic syndrome'],
      plan: ['renal biopsy and an ACE inhibitor for proteinuria'],
    },
    {
      cc: [
        'fatigue and itching with known chronic kidney disease',
        'worsening kidney function on routine labs',
      ],
      exam: ['mild ankle edema', 'pallor and uremic fetor'],
      workup: ['eGFR [is|was] {egfr} mL/min', 'renal ultrasound [shows|showed] small echogenic kidneys'],
      dx: ['chronic kidney disease stage {ckd}'],
      plan: ['arrange dialysis access and renal diet education'],
    },
    {
      cc: ['missed dialysis sessions and weakness'],
      exam: ['a functioning left arm AV fistula with a good thrill'],
      workup: ['potassium [was |]{potassium} mEq/L with metabolic acidosis'],
      dx: ['end-stage renal disease on hemodialysis with hyperkalemia'],
      plan: ['urgent hemodialysis'],
    },
  ],
  orthopedics: [
    {
      cc: ['knee pain and instability after a twisting injury playing football'],
      exam: ['positive Lachman test with a large effusion'],
      workup: ['MRI [shows|showed] a complete ACL tear'],
      dx: ['ACL rupture'],
      plan: ['ACL reconstruction'],
    },
    {
      cc: ['wrist pain and deformity after a fall on an outstretched hand'],
      exam: ['dinner-fork deformity of the wrist'],
      workup: ['X-ray [shows|showed] a displaced distal radius fracture'],
      dx: ['distal radius fracture'],
      plan: ['closed reduction and casting', 'open reduction and internal fixation'],
    },
    {
      cc: ['hip pain and inability to bear weight after a fall'],
      exam: ['a shortened, externally rotated leg'],
      workup: ['X-ray [shows|showed] a displaced femoral neck fracture'],
      dx: ['hip fracture', 'femoral neck fracture'],
      plan: ['hemiarthroplasty'],
    },
    {
      cc: ['shoulder pain with overhead activity and night pain'],
      exam: ['positive impingement signs and weak external rotation'],
      workup: ['MRI [shows|showed] a full-thickness rotator cuff tear'],
      dx: ['rotator cuff tear'],
      plan: ['physical therapy and arthroscopic repair if no improvement'],
    },
    {
      cc: ['low back pain radiating down the leg after lifting'],
      exam: ['positive straight-leg raise at 40 degrees'],
      workup: ['MRI [shows|showed] an L5–S1 disc herniation'],
      dx: ['lumbar disc herniation with radiculopathy'],
      plan: ['physical therapy and an epidural steroid injection', 'microdiscectomy if weakness progresses'],
    },
    {
      cc: ['ankle pain and swelling after rolling the ankle'],
      exam: ['tenderness over the lateral malleolus and inability to bear weight'],
      workup: ['X-ray [shows|showed] a displaced lateral malleolus fracture'],
      dx: ['ankle fracture'],
      plan: ['open reduction and internal fixation'],
    },
  ],
  psychiatry: [
    {
      cc: ['persistent low mood, anhedonia and early morning waking'],
      exam: ['flat affect and psychomotor slowing', 'passive suicidal ideation without a plan'],
      workup: ['PHQ-9 score [of|was] {phq}'],
      dx: ['major depressive disorder'],
      plan: [
        'start sertraline and weekly psychotherapy',
        'safety plan and close outpatient psychiatric follow-up',
      ],
    },
    {
      cc: ['hearing voices and believing neighbors are watching'],
      exam: ['disorganized thought process with paranoid delusions'],
      workup: ['urine drug screen [was |]negative'],
      dx: ['schizophrenia', 'first-episode psychosis'],
      plan: ['start an antipsychotic and admit to the inpatient psychiatric unit'],
    },
    {
      cc: ['decreased need for sleep, racing thoughts and overspending'],
      exam: ['pressured speech and flight of ideas'],
      workup: ['urine drug screen [was |]negative', 'TSH [was |]normal'],
      dx: ['bipolar I disorder, current episode manic'],
      plan: ['start lithium and monitor levels'],
    },
    {
      cc: ['daily panic attacks and avoidance of crowded places'],
      exam: ['anxious affect with intact insight'],
      workup: ['GAD-7 score [of|was] {gad}'],
      dx: ['panic disorder with agoraphobia'],
      plan: ['cognitive behavioral therapy and an SSRI'],
    },
    {
      cc: ['intrusive thoughts and repetitive checking rituals'],
      exam: ['anxious affect with intact insight into the rituals'],
      workup: ['Y-BOCS score [of|was] {ybocs}'],
      dx: ['obsessive-compulsive disorder'],
      plan: ['exposure and response prevention therapy and an SSRI'],
    },
    {
      cc: ['heavy daily drinking and morning tremors'],
      exam: ['tremulous and diaphoretic'],
      workup: ['CIWA score [of|was] {ciwa}'],
      dx: ['alcohol use disorder with withdrawal'],
      plan: ['symptom-triggered benzodiazepines, thiamine and addiction counseling'],
    },
  ],
  ophthalmology: [
    {
      cc: ['severe eye pain, halos around lights and a red eye'],
      exam: [
        'a fixed mid-dilated pupil with corneal edema',
        'intraocular pressure of {iop} mmHg in the affected eye',
      ],
      workup: ['gonioscopy [shows|showed] a closed angle'],
      dx: ['acute angle-closure glaucoma'],
      plan: ['laser peripheral iridotomy and topical pressure-lowering drops'],
    },
    {
      cc: ['a curtain coming down over the vision with flashes and floaters'],
      exam: ['visual acuity of 20/{acuity} in the affected eye'],
      workup: ['dilated fundus exam [shows|showed] a retinal detachment'],
      dx: ['rhegmatogenous retinal detachment'],
      plan: ['urgent retinal surgery'],
    },
    {
      cc: ['sudden painless loss of vision in one eye'],
      exam: ['a cherry-red spot at the macula', 'a relative afferent pupillary defect'],
      workup: ['fluorescein angiography [shows|showed] delayed arterial filling'],
      dx: ['central retinal artery occlusion'],
      plan: ['urgent stroke work-up and ocular massage'],
    },
    {
      cc: ['gradually blurred, cloudy vision and glare when driving at night'],
      exam: ['a dense nuclear cataract'],
      workup: ['biometry [was |]completed for lens calculation'],
      dx: ['age-related cataract'],
      plan: ['cataract extraction with intraocular lens implantation'],
    },
    {
      cc: ['distorted central vision when reading'],
      exam: ['drusen and pigment changes at the macula'],
      workup: ['OCT [shows|showed] subretinal fluid'],
      dx: ['wet age-related macular degeneration'],
      plan: ['intravitreal anti-VEGF injections'],
    },
    {
      cc: ['a painful red eye with light sensitivity'],
      exam: ['ciliary flush and a small pupil'],
      workup: ['slit-lamp exam [shows|showed] cells and flare in the anterior chamber'],
      dx: ['anterior uveitis'],
      plan: ['topical steroid and cycloplegic drops'],
    },
  ],
  urology: [
    {
      cc: ['colicky flank pain radiating to the groin'],
      exam: ['costovertebral angle tenderness'],
      workup: ['CT KUB [shows|showed] a {stone} mm obstructing ureteral stone'],
      dx: ['ureteral calculus', 'obstructing kidney stone'],
      plan: ['tamsulosin and ureteroscopy if the stone does not pass'],
    },
    {
      cc: ['weak urinary stream, hesitancy and nocturia'],
      exam: ['an enlarged, smooth prostate on digital rectal exam'],
      workup: ['PSA [was |]{lowpsa} ng/mL', 'uroflowmetry [shows|showed] a reduced flow rate'],
      dx: ['benign prostatic hyperplasia'],
      plan: ['start tamsulosin and finasteride'],
    },
    {
      cc: ['painless visible blood in the urine'],
      exam: ['an unremarkable abdominal exam'],
      workup: ['cystoscopy [shows|showed] a papillary bladder lesion'],
      dx: ['bladder tumor'],
      plan: ['transurethral resection of bladder tumor'],
    },
    {
      cc: ['a painless lump in the testicle'],
      exam: ['a firm, non-tender testicular mass'],
      workup: ['scrotal ultrasound [shows|showed] a solid intratesticular mass'],
      dx: ['testicular mass, suspicious for malignancy'],
      plan: ['tumor markers and radical orchiectomy'],
    },
    {
      cc: ['inability to pass urine with lower abdominal pain'],
      exam: ['a distended bladder with post-void residual of {pvr} mL'],
      workup: ['bladder scan [shows|showed] over {pvr} mL retained'],
      dx: ['acute urinary retention'],
      plan: ['Foley catheter and urology follow-up'],
    },
    {
      cc: ['a rising PSA on screening'],
      exam: ['a hard nodule on digital rectal exam'],
      workup: ['PSA [was |]{psa} ng/mL', 'prostate MRI [shows|showed] a PI-RADS 5 lesion'],
      dx: ['suspected prostate cancer'],
      plan: ['prostate biopsy'],
    },
  ],
  obstetrics: [
    {
      cc: ['regular painful contractions at {ga} weeks'],
      exam: ['cervix {dilation} cm dilated and 80% effaced'],
      workup: ['fetal fibronectin [was |]positive'],
      dx: ['preterm labor'],
      plan: ['betamethasone for fetal lung maturity and tocolysis'],
    },
    {
      cc: ['headache and visual spots in the third trimester'],
      exam: ['blood pressure {highbp} with 2+ proteinuria'],
      workup: ['protein-to-creatinine ratio [was |]elevated and platelets low-normal'],
      dx: ['preeclampsia', 'preeclampsia with severe features'],
      plan: ['magnesium sulfate and planned delivery'],
    },
    {
      cc: ['an abnormal glucose screen at {ga} weeks'],
      exam: ['fundal height consistent with dates'],
      workup: ['glucose tolerance test [was |]abnormal'],
      dx: ['gestational diabetes'],
      plan: ['dietary counseling and glucose monitoring in pregnancy'],
    },
    {
      cc: ['leakage of fluid at {ga} weeks'],
      exam: ['pooling of fluid in the vaginal vault on speculum exam'],
      workup: ['nitrazine test [was |]positive'],
      dx: ['preterm premature rupture of membranes'],
      plan: ['antibiotics, steroids and continuous fetal monitoring'],
    },
    {
      cc: ['nausea and vomiting in early pregnancy with weight loss'],
      exam: ['dry mucous membranes'],
      workup: [
        'urine ketones [were |]positive',
        'ultrasound [shows|showed] a single live intrauterine pregnancy',
      ],
      dx: ['hyperemesis gravidarum'],
      plan: ['IV fluids and antiemetics'],
    },
    {
      cc: ['vaginal bleeding at 9 weeks of gestation', 'light bleeding and cramping in early pregnancy'],
      exam: ['a closed cervical os'],
      workup: [
        'beta-hCG [was |]{hcg} mIU/mL',
        'ultrasound [shows|showed] a live intrauterine pregnancy with fetal heart tones at {fhr} bpm',
      ],
      dx: ['threatened miscarriage'],
      plan: ['obstetric ultrasound in one week'],
    },
  ],
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
    for (const key of ['cc', 'exam', 'workup', 'dx', 'plan'] as const) {
      out[`${s}_${key}`] = CONDITIONS[s].flatMap((c) => c[key]);
    }
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
  gradient: integerBetween(42, 70),
  peak: integerBetween(45, 70),
  hb: between(6.1, 8.9, 1),
  bili: between(3.1, 14, 1),
  ybocs: integerBetween(18, 34),
  lowpsa: between(1.2, 3.8, 1),
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

/** One decisive template per (condition, layout): the condition's phrases become inline alternatives. */
function conditionTemplates(specialty: Specialty): string[] {
  return CONDITIONS[specialty].flatMap((condition) =>
    LAYOUTS.map((layout) =>
      layout
        .replace(
          /\{%(cc|exam|workup|dx|plan)\}/g,
          (_m, key: keyof Condition) => `[${condition[key].join('|')}]`,
        )
        .replaceAll('{%pt}', `{${specialty}_pt}`),
    ),
  );
}

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
