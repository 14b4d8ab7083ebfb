import type { ConditionTable } from './condition.js';

/**
 * Routine visits of each specialty (data table): stable follow-up, drug monitoring, post-procedure checks.
 * Most real notes are these, not first presentations; each still belongs to one specialty.
 */
export const ROUTINE: ConditionTable = {
  cardiology: [
    {
      cc: [
        'a routine visit {months} months after PCI, no angina',
        'follow-up after a drug-eluting stent, walking daily',
      ],
      exam: ['RRR, radial access site healed', 'normal heart sounds, no edema'],
      workup: ['lipid panel: LDL {ldl} mg/dL on atorvastatin', 'ECG: old inferior Q waves, no new changes'],
      dx: ['CAD s/p PCI, stable', 'coronary disease with LDL above goal'],
      plan: [
        'continue DAPT for 12 months, then aspirin alone',
        'add ezetimibe to atorvastatin 80 mg; cardiac rehab',
      ],
    },
    {
      cc: ['a wound check after pacemaker implant', 'a device clinic visit two weeks after PPM'],
      exam: ['device pocket healing well, no hematoma', 'clean pacemaker wound, HR {hr} paced'],
      workup: [
        'device interrogation: normal sensing and pacing thresholds',
        'pacemaker check: atrial pacing {count}0%, leads stable',
      ],
      dx: ['status post dual-chamber pacemaker', 'pacemaker in situ, functioning normally'],
      plan: ['remote device monitoring and arm restrictions for six weeks', 'device clinic in three months'],
    },
    {
      cc: [
        'follow-up of heart failure on GDMT, NYHA class II',
        'heart failure clinic review, weight stable on diuretic',
      ],
      exam: ['euvolemic, no S3, JVP not raised', 'no edema, lungs clear, weight {weight} kg unchanged'],
      workup: ['repeat echo: LVEF improved to {ef}%', 'NT-proBNP down to {count}00 pg/mL'],
      dx: ['chronic HFrEF, compensated', 'heart failure with improved EF'],
      plan: [
        'uptitrate carvedilol and continue sacubitril-valsartan',
        'continue GDMT and furosemide 40 mg daily',
      ],
    },
  ],
  pulmonology: [
    {
      cc: [
        'a routine COPD review, stable on a triple inhaler',
        'COPD follow-up, no exacerbations since the last visit',
      ],
      exam: ['mild expiratory wheeze, good inhaler technique', 'prolonged expiration, SpO2 {spo2} at rest'],
      workup: ['spirometry: FEV1 {fev1}% predicted, unchanged', 'CAT score {count}'],
      dx: ['COPD, stable on inhalers', 'COPD GOLD 2, stable'],
      plan: [
        'continue budesonide/glycopyrronium/formoterol and pulmonary rehab',
        'pneumococcal and influenza vaccines; continue LAMA/LABA',
      ],
    },
    {
      cc: ['home oxygen reassessment', 'breathlessness walking on the flat, on home O2'],
      exam: ['SpO2 {lowspo2} at rest on room air', 'central cyanosis on exertion'],
      workup: [
        'ambulatory oximetry [shows|showed] desaturation to {lowspo2} on exertion',
        'six-minute walk {count}0 m with desaturation',
      ],
      dx: ['chronic hypoxemic respiratory failure on home O2', 'exertional hypoxemia'],
      plan: ['increase home O2 to {o2} L/min with exertion', 'portable oxygen concentrator prescription'],
    },
    {
      cc: ['follow-up of lung nodule surveillance', 'a repeat CT for a lung nodule'],
      exam: ['clear chest'],
      workup: [
        'surveillance CT [shows|showed] the {nodule} mm nodule unchanged at two years',
        'CT chest: solid nodule stable in size',
      ],
      dx: ['stable pulmonary nodule', 'benign-behaving lung nodule'],
      plan: ['discharge from nodule surveillance per Fleischner', 'one more low-dose CT in twelve months'],
    },
  ],
  gastroenterology: [
    {
      cc: ['a follow-up for Crohn’s on a biologic', 'IBD clinic review, in clinical remission'],
      exam: ['soft, non-tender abdomen, no perianal disease'],
      workup: [
        'infliximab trough {count} µg/mL, calprotectin normal',
        'fecal calprotectin under 50 on adalimumab',
      ],
      dx: ['Crohn’s disease in remission', 'ulcerative colitis in remission'],
      plan: [
        'continue infliximab every eight weeks',
        'continue adalimumab; colonoscopy surveillance in two years',
      ],
    },
    {
      cc: ['follow-up of hepatitis C treatment', 'hepatology review after antiviral therapy'],
      exam: ['no stigmata of chronic liver disease'],
      workup: ['HCV RNA undetectable twelve weeks after treatment (SVR12)', 'FibroScan {count}.5 kPa'],
      dx: ['chronic hepatitis C, cured', 'HCV with sustained virologic response'],
      plan: ['HCC surveillance ultrasound every six months if cirrhotic', 'discharge from hepatology clinic'],
    },
    {
      cc: [
        'surveillance colonoscopy after prior polyps',
        'a colonoscopy follow-up for a family history of colon cancer',
      ],
      exam: ['benign abdomen, normal DRE'],
      workup: [
        'colonoscopy to the cecum: two small sessile polyps removed, good prep',
        'colonoscopy: no polyps, Boston bowel prep score 9',
      ],
      dx: ['history of adenomatous polyps', 'screening colonoscopy, no neoplasia'],
      plan: ['surveillance colonoscopy in five years', 'repeat colonoscopy in ten years'],
    },
  ],
  neurology: [
    {
      cc: ['epilepsy follow-up, seizure-free for a year', 'seizure clinic review on lamotrigine'],
      exam: ['non-focal exam, normal gait'],
      workup: ['EEG unchanged, no epileptiform discharges', 'lamotrigine level in range'],
      dx: ['well-controlled focal epilepsy', 'epilepsy in remission'],
      plan: ['continue lamotrigine; cleared to drive', 'continue levetiracetam and review in a year'],
    },
    {
      cc: [
        'a Parkinson’s review with wearing off before doses',
        'Parkinson disease follow-up with more off time',
      ],
      exam: ['peak-dose dyskinesias and rigidity off medication', 'bradykinesia and a mild rest tremor'],
      workup: ['off periods {count} hours a day by diary'],
      dx: ['Parkinson disease with motor fluctuations', 'PD with wearing off'],
      plan: ['add entacapone and split levodopa doses', 'refer for deep brain stimulation assessment'],
    },
    {
      cc: ['MS follow-up on a disease-modifying drug', 'annual MS review, no new relapses'],
      exam: ['mild spastic paraparesis, EDSS {edss}'],
      workup: [
        'surveillance MRI brain without new demyelinating lesions',
        'JCV antibody negative on natalizumab',
      ],
      dx: ['stable relapsing MS', 'relapsing-remitting MS without activity'],
      plan: ['continue ocrelizumab infusions every six months', 'continue natalizumab with MRI yearly'],
    },
  ],
  dermatology: [
    {
      cc: ['a check-up on isotretinoin with dry lips', 'month {count} of isotretinoin, acne clearing'],
      exam: ['cheilitis, no active acne lesions', 'few residual papules, dry skin'],
      workup: [
        'fasting lipids and ALT normal on isotretinoin',
        'iPLEDGE monthly visit documented, triglycerides normal',
      ],
      dx: ['acne on isotretinoin', 'improving nodulocystic acne'],
      plan: [
        'continue isotretinoin, lip balm and emollients',
        'complete the isotretinoin course to the cumulative dose',
      ],
    },
    {
      cc: ['a total-body skin exam after prior melanoma', 'skin surveillance after melanoma excision'],
      exam: [
        'multiple benign nevi, scar healed, no suspicious lesions',
        'no nodes palpable, excision scar clean',
      ],
      workup: ['dermoscopy of all pigmented lesions reassuring', 'total-body photography unchanged'],
      dx: ['history of melanoma, no recurrence', 'melanoma in remission'],
      plan: ['skin checks every six months and sun protection', 'teach self skin examination'],
    },
    {
      cc: ['psoriasis review on a biologic', 'psoriasis follow-up on secukinumab'],
      exam: ['clear skin apart from small plaques on the elbows'],
      workup: ['PASI improved to 2', 'BSA under 1%'],
      dx: ['plaque psoriasis in remission on a biologic', 'well-controlled psoriasis'],
      plan: ['continue secukinumab', 'continue biologic with annual TB screening'],
    },
  ],
  endocrinology: [
    {
      cc: ['a diabetes review with a home glucose log', 'follow-up of type 2 diabetes on insulin'],
      exam: ['normal foot exam with intact monofilament', 'injection sites normal, feet intact'],
      workup: ['A1c {a1c}% on metformin and glargine {insulin} units', 'fasting glucose log 160s to 220s'],
      dx: ['type 2 diabetes above goal', 'DM2 with hyperglycemia on basal insulin'],
      plan: [
        'titrate glargine by 2 units every three days to fasting glucose under 130',
        'add empagliflozin and recheck A1c in three months',
      ],
    },
    {
      cc: ['routine thyroid follow-up on levothyroxine', 'hypothyroidism review, feeling well'],
      exam: ['no goiter, normal reflexes'],
      workup: ['TSH normal on levothyroxine {levo} mcg', 'free T4 and TSH in range'],
      dx: ['treated hypothyroidism, euthyroid', 'primary hypothyroidism on replacement'],
      plan: ['continue levothyroxine, TSH yearly', 'same dose of levothyroxine; labs in twelve months'],
    },
  ],
  nephrology: [
    {
      cc: ['routine nephrology follow-up of CKD', 'CKD clinic visit, asymptomatic'],
      exam: ['trace ankle edema, BP {bp}'],
      workup: ['eGFR {egfr}, stable over a year, phosphate high', 'urine ACR improved on losartan'],
      dx: ['CKD stage {ckd}, stable', 'stable chronic kidney disease'],
      plan: [
        'phosphate binder with meals and ESA for Hb',
        'continue losartan and dapagliflozin; renal labs in three months',
      ],
    },
    {
      cc: ['a monthly dialysis unit review', 'a hemodialysis rounds visit'],
      exam: ['AV fistula with good thrill and bruit', 'at dry weight, fistula site clean'],
      workup: ['Kt/V 1.[1|2] with predialysis K {potassium}', 'monthly labs: phosphate high, PTH rising'],
      dx: ['ESKD on thrice-weekly hemodialysis', 'end-stage kidney disease on HD'],
      plan: [
        'increase dialysis time and lower the dialysate potassium bath',
        'adjust binders and start cinacalcet',
      ],
    },
    {
      cc: ['follow-up after a kidney transplant', 'transplant clinic review a year after transplant'],
      exam: ['euvolemic, allograft non-tender'],
      workup: [
        'tacrolimus trough in range, creatinine stable',
        'BK virus PCR negative, creatinine at baseline',
      ],
      dx: ['stable renal transplant', 'kidney transplant with good graft function'],
      plan: ['continue tacrolimus and mycophenolate', 'transplant labs monthly'],
    },
  ],
  orthopedics: [
    {
      cc: ['follow-up six weeks after ORIF of the wrist', 'a fracture clinic review after wrist plating'],
      exam: ['wound healed, hardware not prominent, NV intact'],
      workup: [
        'XR [shows|showed] callus formation with hardware intact',
        'XR: healing fracture in anatomic alignment',
      ],
      dx: ['healing distal radius fracture s/p ORIF'],
      plan: ['wean the splint and start hand therapy', 'range-of-motion exercises and return in six weeks'],
    },
    {
      cc: ['a post-op visit two weeks after knee replacement', 'TKA follow-up, walking with a cane'],
      exam: [
        'incision healed, knee flexion to 95 degrees',
        'staples intact, mild swelling, flexion 90 degrees',
      ],
      workup: ['XR: well-fixed components, no loosening'],
      dx: ['status post right TKA, progressing', 'uncomplicated total knee arthroplasty'],
      plan: ['staple removal and outpatient PT', 'continue aspirin for DVT prophylaxis and PT'],
    },
    {
      cc: ['a cast check after a forearm fracture', 'cast review at two weeks for an ankle fracture'],
      exam: ['cast intact, fingers warm, NV intact', 'skin fine under the cast edges'],
      workup: ['XR in cast: position maintained'],
      dx: ['healing forearm fracture', 'healing ankle fracture'],
      plan: ['new cast for four more weeks', 'progress to weight bearing as tolerated and PT'],
    },
  ],
  psychiatry: [
    {
      cc: ['medication review for schizophrenia on clozapine', 'clozapine clinic visit'],
      exam: ['calm, no psychotic features', 'organized thinking, no hallucinations'],
      workup: ['clozapine ANC {count}00 /µL', 'clozapine level therapeutic, ANC normal'],
      dx: ['schizophrenia, stable on clozapine', 'treatment-resistant schizophrenia'],
      plan: ['pause clozapine pending a repeat ANC', 'continue clozapine with monthly ANC'],
    },
    {
      cc: ['follow-up of depression on an SSRI', 'depression review, mood improving'],
      exam: ['euthymic, linear thought process, no SI'],
      workup: ['PHQ-9 down to [4|6|7]'],
      dx: ['MDD in partial remission', 'major depression, improving'],
      plan: ['continue sertraline 100 mg and therapy', 'continue escitalopram for at least six more months'],
    },
    {
      cc: ['lithium monitoring visit for bipolar disorder', 'bipolar follow-up, stable mood'],
      exam: ['euthymic, sleeping well, no pressured speech'],
      workup: ['lithium level 0.[6|7|8] mmol/L, TSH and creatinine normal'],
      dx: ['bipolar I disorder, euthymic', 'bipolar disorder in remission'],
      plan: ['continue lithium with levels every three months', 'continue lamotrigine and mood charting'],
    },
  ],
  ophthalmology: [
    {
      cc: ['glaucoma follow-up with drops', 'routine glaucoma review'],
      exam: ['IOP {oagiop}/{oagiop*} mmHg OU, cup-disc {cdr} OU'],
      workup: ['HVF: stable superior arcuate defect OS', 'OCT RNFL stable'],
      dx: ['POAG OU, controlled', 'glaucoma, stable on drops'],
      plan: ['continue latanoprost qhs OU and recheck in {months} months', 'SLT OS'],
    },
    {
      cc: ['a day-one check after cataract surgery', 'post-op week one after phaco'],
      exam: ['OD: clear cornea, IOL well centered, VA 20/25', 'mild corneal edema, AC quiet, IOL in the bag'],
      workup: ['IOP 16 OD post-op'],
      dx: ['pseudophakia OD, post-op day 1', 'uncomplicated cataract surgery'],
      plan: ['prednisolone acetate and moxifloxacin drops qid OD', 'taper steroid drops over four weeks'],
    },
    {
      cc: ['diabetic eye screening with reduced vision', 'annual diabetic retinopathy screen'],
      exam: ['VA 20/{acuity} OS with macular exudates', 'scattered microaneurysms OU'],
      workup: ['OCT macula [shows|showed] cystoid macular edema', 'retinal photos: moderate NPDR'],
      dx: ['clinically significant macular edema', 'moderate non-proliferative diabetic retinopathy'],
      plan: ['intravitreal anti-VEGF OS', 'repeat retinal screening in six months'],
    },
  ],
  urology: [
    {
      cc: ['follow-up after ureteroscopy with a stent in place', 'stent discomfort after stone surgery'],
      exam: ['mild suprapubic discomfort, afebrile'],
      workup: ['KUB [shows|showed] the ureteral stent in good position, no residual stone'],
      dx: ['status post ureteroscopy with stent'],
      plan: ['cystoscopic stent removal in one week', 'tamsulosin for stent symptoms until removal'],
    },
    {
      cc: ['PSA monitoring after radical prostatectomy', 'follow-up a year after prostatectomy'],
      exam: ['well-healed port sites, continent with one pad a day'],
      workup: ['post-prostatectomy PSA undetectable'],
      dx: ['prostate cancer after radical prostatectomy, no recurrence'],
      plan: ['PSA every six months', 'pelvic floor physiotherapy and PSA in six months'],
      sex: 'male',
    },
    {
      cc: ['catheter problems with an indwelling Foley', 'a blocked long-term urinary catheter'],
      exam: ['suprapubic tenderness; Foley not draining'],
      workup: ['bladder scan {pvr} mL with the catheter in place'],
      dx: ['blocked urinary catheter'],
      plan: [
        'flush and replace the Foley catheter',
        'catheter change and a urology review for a suprapubic catheter',
      ],
    },
  ],
  obstetrics: [
    {
      cc: ['a routine prenatal visit at {ga} weeks', 'an antenatal check at {ga} weeks, feeling well'],
      exam: ['fundal height {ga} cm, fetal heart tones {fhr}', 'FHR {fhr} by Doppler, no edema'],
      workup: ['anatomy scan normal at 20 weeks', 'glucose challenge at 26 weeks normal'],
      dx: ['intrauterine pregnancy at {ga} weeks, progressing normally', 'uncomplicated pregnancy'],
      plan: ['Tdap at 28 weeks and return in two weeks', 'prenatal vitamins and routine antenatal care'],
    },
    {
      cc: [
        'a first prenatal visit at {earlyga} weeks',
        'a booking visit with a positive home pregnancy test',
      ],
      exam: ['uterus enlarged consistent with dates'],
      workup: [
        'dating ultrasound consistent with LMP, FHR {fhr}',
        'prenatal labs: blood type O+, rubella immune',
      ],
      dx: ['early intrauterine pregnancy', 'viable IUP at {earlyga} weeks'],
      plan: [
        'folic acid, first-trimester screening and NIPT offered',
        'prenatal vitamins and return in four weeks',
      ],
    },
    {
      cc: ['a postpartum check six weeks after delivery', 'a postnatal review after a vaginal delivery'],
      exam: ['uterus involuted, perineum healed', 'cesarean wound healed, lochia settled'],
      workup: ['EPDS {count}, breastfeeding well'],
      dx: ['routine postpartum visit', 'uncomplicated puerperium'],
      plan: ['contraception counseling postpartum', 'pelvic floor exercises and return to usual care'],
    },
  ],
};
