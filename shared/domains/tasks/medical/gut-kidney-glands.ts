import type { ConditionTable } from './condition.js';

/** Gastroenterology, endocrinology and nephrology conditions (data table). */
export const GUT_KIDNEY_GLANDS: ConditionTable = {
  gastroenterology: [
    {
      cc: [
        'epigastric burning after meals',
        'gnawing upper abdominal pain relieved by food',
        'epigastric pain on daily NSAIDs',
      ],
      exam: ['epigastric tenderness without guarding', 'soft abdomen, TTP in the epigastrium'],
      workup: [
        'upper endoscopy [shows|showed] a clean-based duodenal ulcer',
        'H. pylori stool antigen [was |]positive',
        'EGD: {count} mm gastric ulcer on the lesser curve, biopsies taken',
      ],
      dx: ['peptic ulcer disease', 'duodenal ulcer', 'H. pylori gastritis', 'NSAID-induced gastric ulcer'],
      plan: [
        'a proton pump inhibitor and H. pylori eradication therapy',
        'bismuth quadruple therapy x14 days, stop NSAIDs',
        'omeprazole 40 mg bid and repeat EGD in eight weeks',
      ],
    },
    {
      cc: [
        'black tarry stools and lightheadedness',
        'vomiting blood',
        '[coffee-ground emesis|hematemesis] x{count}',
        'melena for {count} days',
      ],
      exam: [
        'stool guaiac positive on rectal exam with tachycardia',
        'melena on rectal exam',
        'HR {fasthr}, BP {lowbp}, black stool on DRE',
      ],
      workup: [
        'hemoglobin [dropped|fell] to {hb} g/dL',
        'urgent endoscopy [shows|showed] a bleeding gastric ulcer',
        'EGD: grade III esophageal varices, banded x{count}',
        'Hb {hb} from baseline 12, BUN elevated; Glasgow-Blatchford score {count}',
      ],
      dx: ['upper GI bleed', 'acute upper gastrointestinal bleeding', 'variceal hemorrhage', 'UGIB'],
      plan: [
        'EGD within 24 hours and IV pantoprazole',
        'transfusion and endoscopic hemostasis',
        'octreotide, ceftriaxone, pantoprazole gtt and urgent EGD',
        '2 units PRBC, PPI infusion and GI for scope',
      ],
    },
    {
      cc: [
        'chronic diarrhea with crampy abdominal pain and weight loss',
        'bloody diarrhea with urgency',
        '{count} loose bloody stools a day with tenesmus',
      ],
      exam: [
        'mild diffuse abdominal tenderness',
        'right lower quadrant tenderness',
        'perianal fistula and RLQ fullness',
      ],
      workup: [
        'colonoscopy [shows|showed] patchy ulceration of the terminal ileum',
        'fecal calprotectin [was |]{calpro} µg/g',
        'flex sig: continuous friable mucosa from the rectum, Mayo endoscopic score 3',
        'MR enterography [shows|showed] terminal ileal stricture',
      ],
      dx: [
        'Crohn’s disease',
        'ulcerative colitis flare',
        'inflammatory bowel disease',
        'ileocolonic Crohn disease',
        'acute severe UC',
      ],
      plan: [
        'begin mesalamine and refer to GI clinic',
        'start a biologic after TB screening',
        'IV methylprednisolone, stool C. diff and infliximab if no response by day 3',
        'start [adalimumab|vedolizumab|ustekinumab] with a steroid taper',
      ],
    },
    {
      cc: [
        'heartburn and regurgitation after meals',
        'acid reflux worse lying down',
        'chronic heartburn despite PPI',
      ],
      exam: ['a soft, non-tender abdomen with mild epigastric discomfort'],
      workup: [
        'upper endoscopy [shows|showed] erosive esophagitis',
        'EGD: LA grade C esophagitis',
        'EGD with salmon-colored mucosa; biopsy [confirms|confirmed] Barrett’s without dysplasia',
        'pH study: acid exposure time {count}%',
      ],
      dx: ['gastroesophageal reflux disease', 'reflux esophagitis', 'GERD', 'Barrett’s esophagus'],
      plan: [
        'a proton pump inhibitor and lifestyle changes',
        'PPI bid x8 weeks and surveillance EGD in three years',
        'referral for fundoplication',
      ],
    },
    {
      cc: [
        'jaundice and right upper quadrant discomfort',
        'dark urine and yellow eyes',
        'increasing abdominal girth and confusion',
      ],
      exam: [
        'hepatomegaly and scleral icterus',
        'tense ascites, spider angiomata and asterixis',
        'jaundice with shifting dullness',
      ],
      workup: [
        'liver enzymes [were|are] elevated with ALT {alt}',
        'bilirubin [was |]{bili} mg/dL',
        'AST {ast}, ALT {alt}, INR {inr}',
        'paracentesis: PMN {count}00 cells/µL, consistent with SBP',
        'MELD {meld}; ultrasound [shows|showed] a nodular liver',
      ],
      dx: [
        'acute hepatitis',
        'cholestatic liver injury',
        'decompensated cirrhosis',
        'alcoholic hepatitis',
        'spontaneous bacterial peritonitis',
      ],
      plan: [
        'viral hepatitis serologies and a liver ultrasound',
        'MRCP and hepatology follow-up',
        'lactulose, rifaximin and diagnostic paracentesis',
        'large-volume paracentesis with albumin and transplant evaluation',
      ],
    },
    {
      cc: [
        'severe epigastric pain radiating to the back with vomiting',
        'constant upper abdominal pain after heavy drinking',
      ],
      exam: ['epigastric tenderness with guarding', 'tender upper abdomen, hypoactive bowel sounds'],
      workup: [
        'lipase [was |]{lipase} U/L',
        'CT abdomen [shows|showed] peripancreatic fat stranding',
        'lipase >3x ULN; ultrasound [shows|showed] gallstones with a dilated CBD',
      ],
      dx: ['acute pancreatitis', 'gallstone pancreatitis', 'alcohol-induced pancreatitis'],
      plan: [
        'aggressive IV fluids, analgesia and early oral feeding',
        'ERCP if cholangitis develops; cholecystectomy this admission',
        'NPO, lactated Ringer’s and lipase trend',
      ],
    },
    {
      cc: [
        'RUQ pain after fatty meals',
        'fever and right upper quadrant pain',
        'episodic RUQ colic radiating to the right shoulder',
      ],
      exam: [
        'positive Murphy’s sign',
        'RUQ tenderness with guarding',
        'jaundice and RUQ tenderness with fever',
      ],
      workup: [
        'RUQ ultrasound [shows|showed] gallstones with gallbladder wall thickening',
        'US: cholelithiasis, CBD {count} mm',
        'MRCP [shows|showed] choledocholithiasis',
        'HIDA scan [shows|showed] non-filling of the gallbladder',
      ],
      dx: [
        'acute cholecystitis',
        'symptomatic cholelithiasis',
        'choledocholithiasis',
        'ascending cholangitis',
        'biliary colic',
      ],
      plan: [
        'ERCP with stone extraction',
        'IV antibiotics and cholecystectomy',
        'surgical referral for laparoscopic cholecystectomy',
      ],
    },
    {
      cc: ['left lower quadrant pain with fever', 'LLQ pain and change in bowel habit'],
      exam: ['LLQ tenderness without peritonism', 'localized left lower quadrant guarding'],
      workup: [
        'CT abdomen [shows|showed] sigmoid diverticulitis without abscess',
        'CT A/P: sigmoid wall thickening with pericolic stranding',
      ],
      dx: [
        'acute uncomplicated diverticulitis',
        'sigmoid diverticulitis',
        'complicated diverticulitis with a small abscess',
      ],
      plan: [
        'amoxicillin-clavulanate, clear liquids and colonoscopy in six weeks',
        'IV antibiotics and percutaneous drainage',
      ],
    },
    {
      cc: [
        'a positive FIT test on screening',
        'iron-deficiency anemia with change in bowel habit',
        'rectal bleeding mixed with stool',
      ],
      exam: ['an unremarkable abdomen, no masses', 'a normal DRE'],
      workup: [
        'colonoscopy [shows|showed] {count} tubular adenomas, the largest {polyp} mm',
        'colonoscopy: fungating mass in the [sigmoid|ascending colon], biopsied',
        'ferritin {count} ng/mL with Hb {hb}',
      ],
      dx: ['colonic adenomas', 'colon polyps', 'sigmoid colon cancer', 'iron-deficiency anemia of GI origin'],
      plan: [
        'surveillance colonoscopy in three years',
        'CT staging and colorectal surgery referral',
        'bidirectional endoscopy and iron replacement',
      ],
    },
    {
      cc: ['bloating, diarrhea and weight loss after eating bread', 'chronic diarrhea with iron deficiency'],
      exam: ['mild abdominal distension'],
      workup: ['tTG-IgA [was |]{ttg} U/mL', 'duodenal biopsies [show|showed] villous atrophy'],
      dx: ['celiac disease', 'coeliac disease'],
      plan: ['strict gluten-free diet and dietitian referral', 'GFD and repeat tTG in six months'],
    },
    {
      cc: [
        'food sticking in the chest',
        'dysphagia to solids with food impactions',
        'recurrent food bolus impaction',
      ],
      exam: ['a normal oropharynx and abdomen'],
      workup: [
        'EGD [shows|showed] rings and furrows; biopsies {eos} eos/hpf',
        'esophageal biopsies with more than 15 eosinophils per high-power field',
      ],
      dx: ['eosinophilic esophagitis', 'EoE'],
      plan: [
        'high-dose PPI and repeat EGD in eight weeks',
        'swallowed budesonide and dietary elimination',
        'esophageal dilation and dupilumab',
      ],
    },
    {
      cc: [
        'progressive dysphagia to solids and liquids with regurgitation',
        'regurgitation of undigested food and weight loss',
      ],
      exam: ['a thin patient with a normal abdomen'],
      workup: [
        'barium swallow [shows|showed] a bird’s-beak narrowing',
        'manometry [confirms|confirmed] achalasia type II',
      ],
      dx: ['achalasia', 'type II achalasia'],
      plan: ['pneumatic dilation vs POEM', 'Heller myotomy with fundoplication'],
    },
    {
      cc: ['watery diarrhea after a course of antibiotics', '{count} watery stools a day after clindamycin'],
      exam: ['diffuse lower abdominal tenderness'],
      workup: ['C. difficile toxin [was |]positive', 'stool PCR positive for C. diff'],
      dx: ['Clostridioides difficile colitis', 'C. diff infection'],
      plan: ['oral vancomycin 125 mg qid x10 days', 'fidaxomicin and stop the offending antibiotic'],
    },
  ],
  endocrinology: [
    {
      cc: [
        'excessive thirst, frequent urination and weight loss',
        'polyuria and polydipsia',
        'blurred vision and thirst with high sugars at home',
      ],
      exam: ['acanthosis nigricans at the neck', 'BMI {bmi} with acanthosis'],
      workup: [
        'HbA1c [of|was] {a1c}%',
        'fasting glucose [was |]{highglucose} mg/dL',
        'A1c {a1c}%, random glucose {highglucose}',
      ],
      dx: [
        'newly diagnosed type 2 diabetes mellitus',
        'uncontrolled type 2 diabetes',
        'DM2, uncontrolled',
        'T2DM with hyperglycemia',
      ],
      plan: [
        'start metformin and diabetes education',
        'metformin 500 mg bid titrating to 1 g bid, add a GLP-1 agonist',
        'add semaglutide, stop glipizide, SMBG and dietitian',
        'basal insulin glargine 10 units qhs and diabetes educator',
      ],
    },
    {
      cc: [
        'heat intolerance, weight loss and palpitations with a neck swelling',
        'tremor, sweating and weight loss',
        'anxiety, diarrhea and bulging eyes',
      ],
      exam: [
        'a diffusely enlarged, non-tender thyroid with a bruit',
        'fine tremor and lid lag',
        'diffuse goiter with proptosis',
      ],
      workup: [
        'TSH [was |]suppressed with elevated free T4',
        'TSH receptor antibodies [were |]positive',
        'TSH {lowtsh}, FT4 {ft4} ng/dL',
        'thyroid uptake scan [shows|showed] diffuse increased uptake',
      ],
      dx: ['Graves’ disease', 'hyperthyroidism', 'toxic multinodular goiter', 'thyrotoxicosis'],
      plan: [
        'start methimazole and a beta blocker',
        'methimazole {methimazole} mg once daily plus propranolol for symptoms',
        'radioactive iodine ablation',
      ],
    },
    {
      cc: ['fatigue, weight gain and cold intolerance', 'constipation, dry skin and hair thinning'],
      exam: ['dry skin and delayed relaxation of reflexes', 'a firm, small goiter and bradycardia'],
      workup: [
        'TSH [was |]elevated at {tsh} mIU/L with low free T4',
        'TPO antibodies [were |]positive',
        'TSH {tsh} on levothyroxine {levo} mcg',
      ],
      dx: ['primary hypothyroidism', 'Hashimoto’s thyroiditis', 'undertreated hypothyroidism'],
      plan: [
        'levothyroxine {levo} mcg daily and repeat TSH in six weeks',
        'increase levothyroxine and recheck TFTs in 6–8 weeks',
      ],
    },
    {
      cc: [
        'easy bruising, central weight gain and purple stretch marks',
        'proximal muscle weakness with a round face',
      ],
      exam: ['moon facies and wide purple abdominal striae', 'dorsocervical fat pad and thin skin'],
      workup: [
        'late-night salivary cortisol [was |]elevated',
        'cortisol after 1 mg dexamethasone [was |]not suppressed',
        'ACTH suppressed with a {count} cm adrenal adenoma',
      ],
      dx: ['Cushing’s syndrome', 'ACTH-independent Cushing syndrome', 'cortisol-secreting adrenal adenoma'],
      plan: [
        'dexamethasone suppression test and adrenal imaging',
        'adrenalectomy referral',
        'pituitary MRI and IPSS',
      ],
    },
    {
      cc: [
        'frequent low blood sugars on insulin',
        'high glucose readings despite insulin',
        'nocturnal hypos on basal-bolus insulin',
      ],
      exam: ['lipohypertrophy at insulin injection sites'],
      workup: [
        'continuous glucose monitor data [show|showed] wide glucose swings',
        'CGM: time in range {count}0%, lows to {lowglucose} mg/dL overnight',
        'fingerstick glucose {lowglucose} mg/dL overnight',
      ],
      dx: [
        'poorly controlled type 1 diabetes',
        'T1DM with recurrent hypoglycemia',
        'insulin-induced hypoglycemia',
      ],
      plan: [
        'adjust basal-bolus insulin and rotate injection sites',
        'reduce glargine by 20% and start a CGM',
        'insulin pump evaluation',
      ],
    },
    {
      cc: [
        'vomiting, abdominal pain and rapid breathing in a type 1 diabetic',
        'polyuria and confusion with glucose reading HI',
      ],
      exam: ['Kussmaul respirations and a fruity breath odor', 'dry mucous membranes, Kussmaul breathing'],
      workup: [
        'glucose {glucose} mg/dL, pH {ph}, HCO3 {bicarb}, anion gap {gap}',
        'serum beta-hydroxybutyrate [was |]markedly elevated',
        'VBG pH {ph}, bicarbonate {bicarb} with large ketones',
      ],
      dx: ['diabetic ketoacidosis', 'DKA', 'severe DKA', 'hyperosmolar hyperglycemic state'],
      plan: [
        'insulin infusion, IV fluids and potassium replacement per DKA protocol',
        'insulin gtt and close the anion gap before SQ insulin',
      ],
    },
    {
      cc: ['a lump in the front of the neck', 'a thyroid nodule found on imaging'],
      exam: ['a {thyroidnod} cm firm nodule in the [left|right] thyroid lobe'],
      workup: [
        'thyroid ultrasound [shows|showed] a {thyroidnod} cm TI-RADS [4|5] nodule',
        'FNA [was |]Bethesda [III|IV|V]',
        'TSH normal; FNA cytology indeterminate',
      ],
      dx: ['thyroid nodule', 'indeterminate thyroid nodule', 'suspected papillary thyroid carcinoma'],
      plan: [
        'FNA and molecular testing',
        'hemithyroidectomy referral',
        'repeat thyroid ultrasound in 12 months',
      ],
    },
    {
      cc: ['fatigue, bone pain and constipation with a high calcium', 'a high calcium on routine labs'],
      exam: ['no neck masses'],
      workup: [
        'calcium {calcium} mg/dL with PTH {pth} pg/mL',
        'sestamibi scan [shows|showed] a [left|right] inferior parathyroid adenoma',
        'DEXA osteoporosis at the radius; Ca {calcium}',
      ],
      dx: ['primary hyperparathyroidism', 'parathyroid adenoma', 'PTH-mediated hypercalcemia'],
      plan: [
        'parathyroidectomy referral',
        'sestamibi localization and endocrine surgery',
        'cinacalcet if not a surgical candidate',
      ],
    },
    {
      cc: [
        'fatigue, salt craving, dizziness and darkening skin',
        'weight loss and orthostatic dizziness with vomiting',
      ],
      exam: [
        'hyperpigmented palmar creases and buccal mucosa',
        'orthostatic hypotension with hyperpigmentation',
      ],
      workup: [
        '8 am cortisol [was |]{cortisol} mcg/dL',
        'cosyntropin stimulation test [was |]failed',
        'ACTH elevated with low cortisol',
      ],
      dx: ['primary adrenal insufficiency', 'Addison’s disease', 'adrenal crisis'],
      plan: [
        'hydrocortisone 20 mg am / 10 mg pm and fludrocortisone',
        'IV hydrocortisone 100 mg and sick-day rules',
        'steroid emergency card and stress dosing education',
      ],
    },
    {
      cc: ['missed periods and nipple discharge', 'headaches, low libido and galactorrhea'],
      exam: ['expressible galactorrhea, visual fields full'],
      workup: [
        'prolactin [was |]{prolactin} ng/mL',
        'pituitary MRI [shows|showed] a {count} mm microadenoma',
      ],
      dx: ['prolactinoma', 'pituitary microadenoma with hyperprolactinemia'],
      plan: ['cabergoline 0.25 mg twice weekly', 'start cabergoline, repeat prolactin and MRI'],
    },
    {
      cc: [
        'episodic headaches, sweating and palpitations with very high BP',
        'paroxysms of pounding headache and pallor',
      ],
      exam: ['BP {highbp} during an episode'],
      workup: [
        'plasma metanephrines [were |]markedly elevated',
        'CT [shows|showed] a {count} cm adrenal mass with high attenuation',
      ],
      dx: ['pheochromocytoma', 'catecholamine-secreting adrenal tumor'],
      plan: ['alpha blockade with phenoxybenzamine, then adrenalectomy', 'MIBG imaging and genetic testing'],
    },
    {
      cc: [
        'hypertension with low potassium on three agents',
        'resistant hypertension and muscle cramps with hypokalemia',
      ],
      exam: ['BP {highbp}, no edema'],
      workup: [
        'aldosterone/renin ratio [was |]elevated',
        'saline suppression test [confirms|confirmed] primary aldosteronism',
        'adrenal vein sampling lateralized to the left',
      ],
      dx: ['primary hyperaldosteronism', 'Conn syndrome', 'aldosterone-producing adenoma'],
      plan: ['spironolactone and adrenal vein sampling', 'laparoscopic adrenalectomy referral'],
    },
  ],
  nephrology: [
    {
      cc: [
        'decreased urine output after a diarrheal illness',
        'rising creatinine after contrast and NSAIDs',
        'oliguria after [surgery|sepsis]',
      ],
      exam: [
        'dry mucous membranes and orthostatic hypotension',
        'euvolemic, no edema, Foley draining {count}0 mL/h',
      ],
      workup: [
        'creatinine [rose|has risen] to {creat} mg/dL from a baseline of {basecreat}',
        'Cr {creat} (baseline {basecreat}), FeNa {count}%',
        'urine sediment [shows|showed] muddy brown granular casts',
        'renal US: no hydronephrosis, normal-sized kidneys; Cr {creat}',
      ],
      dx: [
        'acute kidney injury',
        'prerenal acute kidney injury',
        'AKI from acute tubular necrosis',
        'contrast-associated AKI',
        'AKI stage [2|3]',
      ],
      plan: [
        'IV fluids, hold nephrotoxins and monitor renal function',
        'hold NSAIDs and ACEi, renally dose meds, daily BMP',
        'strict I/Os, avoid contrast and renal consult for possible RRT',
      ],
    },
    {
      cc: [
        'foamy urine and periorbital edema',
        'leg swelling and frothy urine',
        'generalized edema with weight gain',
      ],
      exam: ['pitting edema to the knees and periorbital puffiness', 'anasarca and periorbital edema'],
      workup: [
        'urine protein-to-creatinine ratio [of|was] {upcr} g/g with albumin {albumin} g/dL',
        '24-hour urine protein {upcr} g',
        'renal biopsy [shows|showed] [membranous nephropathy|minimal change disease|FSGS]',
        'PLA2R antibody positive with nephrotic-range proteinuria',
      ],
      dx: ['nephrotic syndrome', 'membranous nephropathy', 'minimal change disease', 'FSGS'],
      plan: [
        'renal biopsy and an ACE inhibitor for proteinuria',
        'losartan, diuretics, statin and rituximab',
        'prednisone 1 mg/kg and biopsy',
      ],
    },
    {
      cc: [
        'fatigue and itching with known chronic kidney disease',
        'worsening kidney function on routine labs',
        'declining eGFR and poor appetite',
      ],
      exam: ['mild ankle edema', 'pallor and uremic fetor', 'pallor, BP {bp}, no asterixis'],
      workup: [
        'eGFR [is|was] {egfr} mL/min/1.73m2',
        'renal ultrasound [shows|showed] small echogenic kidneys',
        'eGFR {egfr}, K {potassium*}, HCO3 {count*}8, PTH elevated',
        'urine ACR {count}00 mg/g with eGFR {egfr}',
      ],
      dx: [
        'chronic kidney disease stage {ckd}',
        'CKD {ckd}',
        'progressive diabetic nephropathy',
        'CKD stage {ckd} with anemia of CKD',
      ],
      plan: [
        'arrange dialysis access and renal diet education',
        'AV fistula vein mapping and transplant referral',
        'start an SGLT2 inhibitor, optimize ACEi and ESA for anemia',
        'sodium bicarbonate, phosphate binder and renal replacement planning',
      ],
    },
    {
      cc: ['missed dialysis sessions and weakness', 'shortness of breath after skipping hemodialysis'],
      exam: [
        'a functioning left arm AV fistula with a good thrill',
        'volume overloaded with crackles; AVF with thrill',
      ],
      workup: [
        'potassium [was |]{potassium} mEq/L with metabolic acidosis',
        'K {potassium} with peaked T waves',
      ],
      dx: [
        'end-stage renal disease on hemodialysis with hyperkalemia',
        'ESRD with volume overload after missed HD',
        'ESKD, missed dialysis',
      ],
      plan: [
        'urgent hemodialysis',
        'calcium gluconate, insulin/dextrose and emergent HD',
        'extra ultrafiltration session',
      ],
    },
    {
      cc: ['confusion and nausea with a low sodium', 'falls and confusion on a thiazide'],
      exam: ['euvolemic, no edema, mildly confused', 'moist mucous membranes, no JVD'],
      workup: [
        'sodium [was |]{sodium} mmol/L with urine osmolality {uosm} mOsm/kg',
        'Na {sodium}, serum osm low, urine Na {count}0',
      ],
      dx: ['hyponatremia due to SIADH', 'severe hypotonic hyponatremia', 'thiazide-induced hyponatremia'],
      plan: [
        'fluid restriction 1 L/day, salt tablets and Na checks q6h',
        'hypertonic saline bolus; correct no faster than 8 mmol/L in 24 h',
        'stop the thiazide and tolvaptan if refractory',
      ],
    },
    {
      cc: [
        'cola-colored urine and new hypertension',
        'blood in the urine after a sore throat with swelling',
        'hemoptysis and rapidly rising creatinine',
      ],
      exam: ['BP {highbp} with periorbital edema', 'mild edema and a purpuric rash on the legs'],
      workup: [
        'urinalysis [shows|showed] dysmorphic RBCs and red cell casts',
        'ANCA [was |]positive (anti-MPO) with Cr {creat}',
        'renal biopsy [shows|showed] [IgA nephropathy|crescentic glomerulonephritis|lupus nephritis class IV]',
      ],
      dx: [
        'glomerulonephritis',
        'IgA nephropathy',
        'rapidly progressive glomerulonephritis',
        'ANCA vasculitis with renal involvement',
        'lupus nephritis',
      ],
      plan: [
        'pulse methylprednisolone and rituximab',
        'urgent renal biopsy and plasma exchange',
        'mycophenolate induction and RAAS blockade',
      ],
    },
    {
      cc: ['cloudy peritoneal dialysis effluent and abdominal pain', 'abdominal pain on PD'],
      exam: ['diffuse abdominal tenderness; PD catheter exit site clean'],
      workup: [
        'PD fluid WBC {count}00/µL with {count*}0% neutrophils',
        'peritoneal fluid culture [grew|grows] coagulase-negative staph',
      ],
      dx: ['PD-associated peritonitis', 'peritoneal dialysis peritonitis'],
      plan: ['intraperitoneal vancomycin and ceftazidime', 'IP antibiotics per ISPD guidelines'],
    },
    {
      cc: [
        'rising creatinine in a kidney transplant recipient',
        'graft tenderness and reduced urine output after transplant',
      ],
      exam: ['a non-tender renal allograft in the right iliac fossa'],
      workup: [
        'Cr {creat} from baseline {basecreat}, tacrolimus trough low',
        'transplant biopsy [shows|showed] acute cellular rejection',
      ],
      dx: ['acute kidney transplant rejection', 'allograft dysfunction', 'calcineurin inhibitor toxicity'],
      plan: ['pulse steroids and adjust tacrolimus', 'transplant ultrasound and biopsy'],
    },
    {
      cc: ['flank fullness with a family history of kidney cysts', 'hypertension and enlarging kidneys'],
      exam: ['bilateral ballotable flank masses'],
      workup: [
        'ultrasound [shows|showed] multiple bilateral renal cysts with enlarged kidneys',
        'MRI total kidney volume increased; eGFR {egfr}',
      ],
      dx: ['autosomal dominant polycystic kidney disease', 'ADPKD'],
      plan: ['tolvaptan and blood pressure control', 'genetic counseling and ACEi'],
    },
    {
      cc: ['weakness and palpitations with a high potassium on routine labs'],
      exam: ['normal strength, regular pulse'],
      workup: [
        'K {potassium} mmol/L on lisinopril and spironolactone',
        'repeat K {potassium}, non-hemolyzed; ECG with peaked T waves',
      ],
      dx: ['hyperkalemia', 'drug-induced hyperkalemia in CKD'],
      plan: [
        'stop spironolactone, start patiromer and recheck BMP in 48 hours',
        'sodium zirconium cyclosilicate and a low-potassium diet',
      ],
    },
  ],
};
