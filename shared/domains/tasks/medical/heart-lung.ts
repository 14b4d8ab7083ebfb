import type { ConditionTable } from './condition.js';

/** Cardiology and pulmonology conditions (data table). */
export const HEART_LUNG: ConditionTable = {
  cardiology: [
    {
      cc: [
        'exertional chest pressure radiating to the left arm',
        'substernal [chest pain|CP] on exertion relieved by rest',
        '[crushing|pressure-like] [CP|chest pain] with diaphoresis',
        'new [rest angina|angina at rest] over {count} days',
      ],
      exam: [
        'diaphoresis with a normal cardiac exam',
        'an S4 gallop without murmurs',
        'RRR, no murmurs, cool and clammy',
      ],
      workup: [
        '[ECG|EKG] [shows|showed] [ST-segment depression|ST depressions] in [the lateral leads|V4–V6]',
        '[troponin|trop I] [was |]elevated at {trop} ng/mL',
        'hs-troponin [rose|went] from {hstrop*} to {hstrop*} ng/L',
        'delta troponin positive with [dynamic T-wave inversions|TWI in the anterior leads]',
      ],
      dx: ['NSTEMI', 'unstable angina', 'acute coronary syndrome', 'ACS, type 1 MI', 'non-ST-elevation MI'],
      plan: [
        '[cardiac catheterization|LHC] and coronary angiography',
        'dual antiplatelet therapy and a high-intensity statin',
        'ASA 81, ticagrelor 90 mg bid, heparin gtt and cath in the morning',
        'atorvastatin 80 mg, metoprolol and [cardiology|cards] for [cath|angiography]',
      ],
    },
    {
      cc: [
        'sudden crushing chest pain for {count*}0 minutes',
        'severe [CP|chest pain] radiating to the jaw with vomiting',
      ],
      exam: ['diaphoretic and pale, BP {lowbp}', 'an anxious, clammy patient with soft heart sounds'],
      workup: [
        '[ECG|EKG] [shows|showed] [ST elevation|2 mm STE] in [II, III and aVF|V1–V4] with reciprocal depression',
        'ECG [shows|showed] an [anterior|inferior] STEMI',
      ],
      dx: ['[anterior|inferior] STEMI', 'ST-elevation myocardial infarction', 'acute STEMI, LAD occlusion'],
      plan: [
        'cath lab activation for primary PCI',
        'emergent PCI; aspirin 325 mg and heparin bolus given',
        'primary PCI, DES to the [LAD|RCA|circumflex], then CCU',
      ],
    },
    {
      cc: [
        'palpitations and a racing, irregular heartbeat',
        'episodes of a fluttering heartbeat with fatigue',
        'intermittent [palps|palpitations] and [DOE|exertional dyspnea] with an irregular pulse',
      ],
      exam: [
        'irregularly irregular pulse at {fasthr*} bpm',
        'an irregular rhythm without murmurs',
        'irregularly irregular rhythm, HR {fasthr}',
      ],
      workup: [
        '[ECG|EKG] [confirms|confirmed] atrial fibrillation with rapid ventricular response',
        'Holter monitor [shows|showed] paroxysmal atrial fibrillation',
        'ECG [shows|showed] AF with RVR at {fasthr} bpm; CHA2DS2-VASc {chads}',
        'event monitor captured [atrial flutter|AF] with 2:1 block',
      ],
      dx: [
        'new-onset atrial fibrillation',
        'paroxysmal atrial fibrillation',
        'AF with RVR',
        'atrial flutter',
        'persistent AF',
      ],
      plan: [
        'rate control with metoprolol and anticoagulation with [apixaban 5 mg bid|warfarin, goal INR 2–3|rivaroxaban 20 mg daily]',
        '[DC cardioversion|DCCV] after [anticoagulation|TEE]',
        'diltiazem for rate control and referral for [ablation|pulmonary vein isolation]',
        'start apixaban; rhythm vs rate control discussed; echo',
      ],
    },
    {
      cc: [
        'shortness of breath lying flat and ankle swelling',
        'waking at night breathless with leg swelling',
        '[orthopnea|{count}-pillow orthopnea], PND and a {count*} kg weight gain',
        '[worsening|increasing] DOE and leg edema despite [home furosemide|lasix]',
      ],
      exam: [
        'jugular venous distension and bibasilar crackles with pitting edema',
        'an S3 gallop and a displaced apical impulse',
        'JVP to the angle of the jaw, 2+ pitting edema to the knees',
        'elevated JVP, S3 and [bilateral LE edema|sacral edema]',
      ],
      workup: [
        '[echo|echocardiogram|TTE] [shows|showed] an ejection fraction of {ef}%',
        'BNP [was |]{bnp} pg/mL',
        'NT-proBNP [was |]markedly elevated with [pulmonary edema|cephalization] on CXR',
        'TTE: [LVEF|EF] {ef}% with global hypokinesis',
      ],
      dx: [
        'heart failure with reduced ejection fraction',
        'acute decompensated heart failure',
        'acute on chronic [HFrEF|systolic heart failure]',
        '[ischemic|non-ischemic] cardiomyopathy with volume overload',
      ],
      plan: [
        'diuresis with IV furosemide [40|80] mg bid, daily weights and strict I/Os',
        'start an ACE inhibitor, beta blocker and spironolactone',
        'GDMT: sacubitril-valsartan, carvedilol, spironolactone and empagliflozin',
        'IV lasix, fluid restriction 1.5 L and HF clinic f/u',
      ],
    },
    {
      cc: [
        'exertional dizziness and near-syncope',
        'chest tightness and fainting on exertion',
        'exertional syncope and DOE',
      ],
      exam: [
        'a grade {grade}/6 harsh systolic murmur at the right upper sternal border radiating to the carotids',
        'a crescendo-decrescendo SEM at the RUSB with a soft S2',
      ],
      workup: [
        'echocardiogram [shows|showed] a calcified aortic valve with a mean gradient of {gradient} mmHg',
        'TTE: AVA {ava} cm2 by continuity, MG {gradient} mmHg, preserved EF',
      ],
      dx: ['severe aortic stenosis', 'symptomatic aortic stenosis', 'severe calcific AS'],
      plan: [
        'referral for transcatheter aortic valve replacement',
        'evaluation for aortic valve replacement',
        'structural heart team review for TAVR vs SAVR',
      ],
    },
    {
      cc: [
        'dizziness and a very slow pulse',
        'recurrent syncope without warning',
        'fatigue and presyncope with HR in the 30s',
      ],
      exam: ['bradycardia at {slowhr} bpm with cannon a waves', 'HR {slowhr}, regular, BP {lowbp}'],
      workup: [
        'ECG [shows|showed] complete heart block with a ventricular escape rhythm',
        'telemetry [shows|showed] Mobitz II with pauses up to {count} seconds',
        'ECG: third-degree AV block, rate {slowhr}',
      ],
      dx: [
        'complete heart block',
        'symptomatic bradycardia',
        'Mobitz type II second-degree AV block',
        'sick sinus syndrome',
      ],
      plan: [
        'transcutaneous pacing pads and [EP|electrophysiology] for permanent pacemaker',
        'temporary transvenous pacing and [PPM|dual-chamber pacemaker] placement',
        'hold AV nodal blockers; pacemaker implant',
      ],
    },
    {
      cc: [
        'sharp [pleuritic|positional] chest pain better sitting forward',
        'chest pain worse lying flat after a viral illness',
      ],
      exam: ['a three-component pericardial friction rub', 'a pericardial rub at the left sternal border'],
      workup: [
        'ECG [shows|showed] diffuse ST elevation with PR depression',
        'echo [shows|showed] a small pericardial effusion without tamponade',
      ],
      dx: ['acute pericarditis', 'viral pericarditis', 'acute idiopathic pericarditis'],
      plan: [
        'colchicine 0.5 mg bid for three months and ibuprofen 600 mg tid',
        'NSAID plus colchicine; repeat echo to follow the effusion',
      ],
    },
    {
      cc: ['sudden-onset regular rapid palpitations', 'episodes of pounding heartbeat that stop abruptly'],
      exam: ['regular tachycardia at {svthr} bpm', 'narrow-complex tachycardia, BP {bp}'],
      workup: [
        'ECG [shows|showed] a narrow-complex tachycardia at {svthr} bpm without P waves',
        'adenosine 6 mg [terminated|broke] the tachycardia',
        'baseline ECG [shows|showed] a short PR and delta wave',
      ],
      dx: ['SVT', 'AVNRT', 'supraventricular tachycardia', 'WPW syndrome'],
      plan: [
        'vagal maneuvers, adenosine and EP referral for ablation',
        'metoprolol PRN and catheter ablation referral',
      ],
    },
    {
      cc: ['predictable chest tightness walking uphill', 'exertional angina for months'],
      exam: ['normal heart sounds, no murmurs', 'RRR without murmur, no edema'],
      workup: [
        'exercise stress test [shows|showed] {count} mm ST depression at stage 2',
        'coronary CTA [shows|showed] a {stenosis}% proximal LAD stenosis',
        'nuclear stress test [shows|showed] reversible inferior ischemia',
      ],
      dx: [
        'stable angina',
        'chronic coronary syndrome',
        'CAD s/p PCI with recurrent angina',
        'stable angina, CCS class II',
      ],
      plan: [
        'uptitrate isosorbide mononitrate and metoprolol; sublingual nitroglycerin PRN',
        'elective coronary angiography with FFR',
        'optimize antianginals, rosuvastatin 20 mg and cardiac rehab',
      ],
    },
    {
      cc: [
        'a shock from the ICD while walking',
        'palpitations and syncope in a patient with a cardiomyopathy',
      ],
      exam: ['a well-healed device pocket, no tenderness', 'HR {hr}, regular, device site clean'],
      workup: [
        'device interrogation [shows|showed] sustained VT treated with an appropriate shock',
        'telemetry [shows|showed] runs of monomorphic VT',
        'ECG [shows|showed] QTc {qtc} ms with torsades on telemetry',
      ],
      dx: [
        'ventricular tachycardia',
        'appropriate ICD shock for VT',
        'VT storm',
        'torsades de pointes with long QT',
      ],
      plan: [
        'amiodarone load and EP for VT ablation',
        'IV magnesium, stop QT-prolonging drugs and replete K',
        'check lytes, reprogram ICD, start sotalol',
      ],
    },
    {
      cc: [
        'progressive exertional dyspnea with a known heart murmur',
        'fatigue and DOE with a holosystolic murmur',
      ],
      exam: ['a grade {grade}/6 holosystolic murmur at the apex radiating to the axilla'],
      workup: [
        'TEE [shows|showed] severe mitral regurgitation with a flail posterior leaflet',
        'echo [shows|showed] severe MR with a dilated left atrium',
      ],
      dx: ['severe mitral regurgitation', 'degenerative MR', 'primary mitral regurgitation'],
      plan: ['referral for mitral valve repair', 'heart team review for TEER (MitraClip)'],
    },
  ],
  pulmonology: [
    {
      cc: [
        'chronic productive cough and worsening dyspnea',
        'increased sputum and breathlessness over a week',
        'increased [SOB|dyspnea] and purulent sputum on home O2 {o2}L',
        'wheezing and [SOB|breathlessness] beyond baseline with green sputum',
      ],
      exam: [
        'diffuse expiratory wheezes with a prolonged expiratory phase',
        'SpO2 {lowspo2} on room air with pursed-lip breathing',
        'poor air movement, accessory muscle use, sats {lowspo2} RA',
        'barrel chest with distant breath sounds and scattered wheeze',
      ],
      workup: [
        'spirometry [shows|showed] an FEV1/FVC ratio of {ratio} without bronchodilator reversibility',
        'ABG pH {ph}, pCO2 {pco2}',
        'PFTs: FEV1 {fev1}% predicted, FEV1/FVC {ratio}, DLCO {dlco}%',
        'CXR [shows|showed] hyperinflation without consolidation',
      ],
      dx: [
        'COPD exacerbation',
        'chronic obstructive pulmonary disease',
        'AECOPD',
        'acute exacerbation of COPD with hypercapnia',
        'COPD GOLD [3|4] with emphysema',
      ],
      plan: [
        'inhaled tiotropium and pulmonary rehabilitation',
        'prednisone 40 mg x5 days and nebulized bronchodilators',
        'duonebs q4h, prednisone, doxycycline and BiPAP if pCO2 rises',
        'start LAMA/LABA, smoking cessation and pulmonary rehab referral',
      ],
    },
    {
      cc: [
        'wheezing and chest tightness at night',
        'wheezing and cough with exercise',
        'night-time cough and wheeze using albuterol {count} times a week',
        'acute wheeze and SOB after a cold, albuterol not helping',
      ],
      exam: [
        'scattered expiratory wheezes',
        'wheezing that improves after a bronchodilator',
        'diffuse wheeze, speaking in short sentences',
      ],
      workup: [
        'spirometry [shows|showed] reversible airflow obstruction',
        'peak flow [was |]{peak}% of predicted',
        'FEV1 improved by {reversibility}% after albuterol',
        'FeNO elevated with blood eosinophils {count}00',
      ],
      dx: [
        'poorly controlled asthma',
        'moderate persistent asthma',
        'acute asthma exacerbation',
        'eosinophilic asthma',
      ],
      plan: [
        'inhaled budesonide-formoterol as maintenance and reliever',
        'step up inhaled corticosteroid therapy',
        'albuterol nebs, ipratropium, prednisone 40 mg and an asthma action plan',
        'add tiotropium and refer for biologic (mepolizumab)',
      ],
    },
    {
      cc: [
        'progressive shortness of breath on exertion over months',
        'dry cough and breathlessness climbing stairs',
        'a dry cough and exertional desaturation',
      ],
      exam: [
        'fine velcro-like crackles at both lung bases',
        'digital clubbing and bibasilar crackles',
        'bibasilar dry inspiratory crackles',
      ],
      workup: [
        'high-resolution CT [shows|showed] reticular opacities with honeycombing',
        'HRCT: usual interstitial pneumonia pattern, basal predominant',
        'PFTs [show|showed] restriction with FVC {fvc}% and DLCO {dlco}%',
      ],
      dx: ['idiopathic pulmonary fibrosis', 'interstitial lung disease', 'IPF', 'fibrotic ILD'],
      plan: [
        'start antifibrotic therapy ([nintedanib|pirfenidone])',
        'full pulmonary function tests and a six-minute walk test',
        'ILD multidisciplinary discussion, ambulatory O2 assessment',
      ],
    },
    {
      cc: [
        'loud snoring with witnessed apneas and daytime sleepiness',
        'nodding off while driving, snoring, morning headaches',
      ],
      exam: ['a crowded oropharynx and a large neck circumference', 'Mallampati IV airway, BMI {bmi}'],
      workup: [
        'sleep study [shows|showed] an apnea-hypopnea index of {ahi}',
        'PSG: AHI {ahi}/h with nadir SpO2 {lowspo2}',
        'Epworth sleepiness score {ess}',
      ],
      dx: ['obstructive sleep apnea', 'severe OSA', 'moderate obstructive sleep apnea'],
      plan: [
        'CPAP titration',
        'start auto-CPAP and weight management',
        'APAP 5–15 cm H2O with a download in {weeks} weeks',
      ],
    },
    {
      cc: [
        'hemoptysis and a persistent cough',
        'a cough with weight loss in a heavy smoker',
        'blood-streaked sputum in a {packyears} pack-year smoker',
      ],
      exam: ['decreased breath sounds at the right apex', 'a monophonic wheeze over the right upper zone'],
      workup: [
        'CT chest [shows|showed] a {nodule} mm spiculated nodule in the right upper lobe',
        'PET-CT: FDG-avid [RUL|LUL] mass, SUV {suv}',
        'CT [shows|showed] a {nodule} mm [LLL|RUL] nodule, new since prior imaging',
      ],
      dx: [
        'pulmonary nodule requiring evaluation',
        'suspicious lung nodule',
        'lung mass concerning for malignancy',
        'spiculated RUL nodule',
      ],
      plan: [
        'bronchoscopy with biopsy',
        'PET-CT and navigational bronchoscopy',
        'EBUS-TBNA for staging',
        'CT-guided lung biopsy and tumor board',
      ],
    },
    {
      cc: [
        'sudden pleuritic chest pain and breathlessness after a long flight',
        'acute [SOB|dyspnea] and tachycardia after [surgery|a long car trip]',
      ],
      exam: ['tachycardic and tachypneic, SpO2 {lowspo2}', 'HR {fasthr}, clear lungs, a swollen calf'],
      workup: [
        'CTPA [shows|showed] [segmental|bilateral] pulmonary emboli',
        'CT pulmonary angiogram: saddle embolus with RV strain',
        'V/Q scan [was |]high probability',
      ],
      dx: ['pulmonary embolism', 'acute PE', 'bilateral PE', 'submassive PE'],
      plan: [
        'start apixaban and outpatient follow-up (sPESI 0)',
        'heparin infusion and PERT consult',
        'anticoagulation for at least three months',
      ],
    },
    {
      cc: ['fever, productive cough and pleuritic pain', 'cough with rusty sputum and fevers'],
      exam: [
        'bronchial breath sounds and dullness at the right base',
        'crackles and egophony over the [RLL|left base]',
      ],
      workup: [
        'CXR [shows|showed] [RLL|LLL] consolidation with air bronchograms',
        'chest X-ray: lobar consolidation; CURB-65 {count}',
        'sputum culture [grew|grows] Streptococcus pneumoniae',
      ],
      dx: ['community-acquired pneumonia', 'CAP', 'lobar pneumonia', 'right lower lobe pneumonia'],
      plan: [
        'ceftriaxone and azithromycin',
        'amoxicillin plus doxycycline as an outpatient',
        'admit for IV antibiotics and O2',
      ],
    },
    {
      cc: [
        'progressive breathlessness with one-sided chest heaviness',
        'dyspnea with a large one-sided effusion',
      ],
      exam: [
        'stony dullness and absent breath sounds at the left base',
        'reduced expansion and dullness to percussion on the right',
      ],
      workup: [
        'CXR [shows|showed] a large [left|right] pleural effusion',
        'thoracentesis [yielded|removed] {pleural} L of straw-colored fluid, exudative by Light’s criteria',
        'pleural fluid LDH high, cytology pending',
      ],
      dx: [
        'pleural effusion',
        'exudative pleural effusion',
        'malignant pleural effusion',
        'parapneumonic effusion',
      ],
      plan: [
        'diagnostic and therapeutic thoracentesis',
        'chest tube drainage and pleural biopsy',
        'indwelling pleural catheter',
      ],
    },
    {
      cc: [
        'sudden one-sided chest pain and breathlessness in a tall thin smoker',
        'acute dyspnea after a coughing fit',
      ],
      exam: [
        'absent breath sounds and hyperresonance on the [right|left]',
        'reduced breath sounds on one side, trachea midline',
      ],
      workup: [
        'CXR [shows|showed] a [{count}|large] cm apical pneumothorax',
        'chest X-ray: [right|left]-sided pneumothorax with lung edge visible',
      ],
      dx: ['primary spontaneous pneumothorax', 'secondary spontaneous pneumothorax', 'PTX'],
      plan: [
        'needle aspiration and repeat CXR',
        'chest tube insertion and admission',
        'pleurodesis referral after recurrence',
      ],
    },
    {
      cc: [
        'dry cough, fatigue and tender red nodules on the shins',
        'cough and breathlessness with swollen hilar nodes',
      ],
      exam: [
        'erythema nodosum and clear lungs',
        'normal chest exam with bilateral hilar fullness on imaging',
      ],
      workup: [
        'CT [shows|showed] bilateral hilar lymphadenopathy with perilymphatic nodules',
        'EBUS node biopsy [shows|showed] non-caseating granulomas',
      ],
      dx: ['pulmonary sarcoidosis', 'stage II sarcoidosis'],
      plan: ['prednisone and repeat PFTs in three months', 'observation with serial PFTs'],
    },
    {
      cc: [
        'daily cough with large volumes of sputum for years',
        'recurrent chest infections with copious sputum',
      ],
      exam: ['coarse crackles at both bases', 'coarse crackles and clubbing'],
      workup: [
        'HRCT [shows|showed] dilated thick-walled bronchi (tram-tracking)',
        'sputum [grew|grows] Pseudomonas aeruginosa',
      ],
      dx: ['bronchiectasis', 'non-CF bronchiectasis with Pseudomonas colonization'],
      plan: [
        'airway clearance physiotherapy and inhaled hypertonic saline',
        'azithromycin three times weekly',
      ],
    },
  ],
};
