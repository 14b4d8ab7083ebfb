import type { ConditionTable } from './condition.js';

/** Further, less frequent presentations of every specialty (data table), so coverage is not one textbook chapter. */
export const MORE_CONDITIONS: ConditionTable = {
  cardiology: [
    {
      cc: [
        'sudden tearing chest pain radiating to the back',
        'severe interscapular pain with unequal arm pulses',
      ],
      exam: [
        'BP {highbp} right arm vs {lowbp} left arm, early diastolic murmur',
        'pulse deficit in the left arm',
      ],
      workup: [
        'CTA chest [shows|showed] a Stanford type A aortic dissection',
        'CT angiogram: intimal flap from the aortic root to the arch',
      ],
      dx: ['type A aortic dissection', 'acute aortic dissection', 'type B aortic dissection'],
      plan: [
        'IV esmolol to HR under 60 and emergent cardiothoracic surgery',
        'impulse control with labetalol and CT surgery consult',
      ],
    },
    {
      cc: [
        'fevers and night sweats with a new heart murmur',
        'fever and embolic lesions on the fingers in a person who injects drugs',
      ],
      exam: [
        'a new regurgitant murmur with splinter hemorrhages and Janeway lesions',
        'holosystolic murmur at the left lower sternal border, Osler nodes',
      ],
      workup: [
        'TEE [shows|showed] a {count} mm vegetation on the [mitral|tricuspid|aortic] valve',
        'blood cultures 3/3 [grew|grow] Staph aureus; TEE with vegetation',
      ],
      dx: ['infective endocarditis', 'native valve endocarditis', 'tricuspid valve endocarditis'],
      plan: [
        'IV antibiotics for six weeks and cardiac surgery evaluation',
        'cefazolin, repeat blood cultures and heart team review for valve surgery',
      ],
    },
    {
      cc: [
        'calf cramping on walking that eases with rest',
        'claudication at {count}00 meters and a cold foot',
      ],
      exam: [
        'absent pedal pulses with shiny hairless skin',
        'diminished femoral and absent popliteal pulses',
      ],
      workup: [
        'ankle-brachial index 0.[4|5|6]',
        'arterial duplex [shows|showed] superficial femoral artery occlusion',
      ],
      dx: ['peripheral arterial disease with claudication', 'PAD', 'critical limb ischemia'],
      plan: [
        'supervised exercise, cilostazol and a high-intensity statin',
        'angiography with endovascular revascularization',
      ],
    },
    {
      cc: [
        'exertional breathlessness and chest pain with a family history of sudden death',
        'syncope during exercise in a young athlete',
      ],
      exam: ['a systolic murmur that increases with Valsalva'],
      workup: [
        'echo [shows|showed] asymmetric septal hypertrophy of [18|22|26] mm with LVOT obstruction',
        'cardiac MRI [shows|showed] septal hypertrophy with patchy LGE',
      ],
      dx: ['hypertrophic cardiomyopathy', 'hypertrophic obstructive cardiomyopathy', 'HCM'],
      plan: [
        'beta blocker, avoid dehydration and ICD risk assessment',
        'mavacamten and family screening echocardiograms',
      ],
    },
  ],
  pulmonology: [
    {
      cc: [
        'recurrent chest infections and salty skin since childhood',
        'chronic cough with thick sputum in a young adult with known CF',
      ],
      exam: ['coarse crackles, clubbing and low BMI'],
      workup: [
        'sweat chloride [was |]elevated; CFTR genotype F508del homozygous',
        'sputum [grew|grows] mucoid Pseudomonas; FEV1 {fev1}%',
      ],
      dx: ['cystic fibrosis', 'CF pulmonary exacerbation'],
      plan: [
        'IV tobramycin and ceftazidime with airway clearance',
        'elexacaftor-tezacaftor-ivacaftor and CF clinic follow-up',
      ],
    },
    {
      cc: ['a cough for {count} weeks after a cold', 'chronic dry cough for over two months'],
      exam: ['clear lungs, no wheeze'],
      workup: ['CXR and spirometry normal; methacholine challenge positive', 'CXR clear, FeNO elevated'],
      dx: ['cough-variant asthma', 'chronic cough'],
      plan: ['inhaled corticosteroid trial and review in six weeks', 'ICS and a cough diary'],
    },
    {
      cc: ['progressive dyspnea with a large lung mass on imaging', 'weight loss, cough and a hilar mass'],
      exam: ['clubbing and a fixed monophonic wheeze'],
      workup: [
        'EBUS biopsy [shows|showed] non-small cell lung cancer, adenocarcinoma',
        'PET-CT: hilar and mediastinal node uptake',
      ],
      dx: ['stage III non-small cell lung cancer', 'lung adenocarcinoma', 'small cell lung cancer'],
      plan: ['molecular testing (EGFR, ALK, PD-L1) and thoracic tumor board', 'concurrent chemoradiation'],
    },
  ],
  gastroenterology: [
    {
      cc: [
        'crampy abdominal pain relieved by defecation with alternating bowel habit',
        'bloating and loose stools for over a year, worse with stress',
      ],
      exam: ['mild diffuse tenderness, no masses'],
      workup: ['celiac serology, CRP and calprotectin normal', 'colonoscopy with random biopsies normal'],
      dx: ['irritable bowel syndrome', 'IBS-D', 'IBS with constipation'],
      plan: ['low-FODMAP diet and an antispasmodic', 'linaclotide and dietitian referral'],
    },
    {
      cc: [
        'raised liver enzymes on routine labs with obesity',
        'abnormal LFTs and a fatty liver on ultrasound',
      ],
      exam: ['BMI {bmi}, mild hepatomegaly'],
      workup: [
        'ultrasound [shows|showed] hepatic steatosis; FIB-4 intermediate',
        'FibroScan: CAP 340 dB/m, stiffness {count}.2 kPa',
      ],
      dx: ['MASLD (fatty liver disease)', 'NASH with F2 fibrosis', 'non-alcoholic fatty liver disease'],
      plan: [
        'weight loss of 7–10% and resmetirom discussed',
        'hepatology follow-up with repeat elastography',
      ],
    },
    {
      cc: [
        'early satiety, nausea and vomiting of undigested food',
        'postprandial fullness and vomiting hours after meals',
      ],
      exam: ['succussion splash absent, mild epigastric tenderness'],
      workup: [
        'gastric emptying study [shows|showed] 60% retention at 4 hours',
        'EGD [shows|showed] retained food without obstruction',
      ],
      dx: ['gastroparesis', 'diabetic gastroparesis'],
      plan: ['small low-fat meals and metoclopramide', 'gastric emptying diet and erythromycin trial'],
    },
    {
      cc: [
        'bright red blood on the toilet paper with painful defecation',
        'tearing anal pain with bowel movements',
      ],
      exam: ['a posterior midline anal fissure', 'prolapsing internal hemorrhoids on anoscopy'],
      workup: ['anoscopy [shows|showed] grade III internal hemorrhoids'],
      dx: ['chronic anal fissure', 'internal hemorrhoids'],
      plan: ['topical diltiazem and fiber', 'rubber band ligation'],
    },
  ],
  neurology: [
    {
      cc: [
        'a bilateral hand tremor when holding a cup, better with alcohol',
        'shaking hands when writing for years',
      ],
      exam: ['symmetric postural and kinetic tremor, no rigidity'],
      workup: ['TSH normal; no parkinsonian features'],
      dx: ['essential tremor'],
      plan: ['propranolol and occupational therapy', 'primidone at night'],
    },
    {
      cc: [
        'progressive hand weakness with muscle twitching',
        'slurred speech and wasting of the hand muscles',
      ],
      exam: [
        'fasciculations with upper and lower motor neuron signs',
        'tongue fasciculations and brisk reflexes',
      ],
      workup: ['EMG [shows|showed] widespread denervation in three regions'],
      dx: ['amyotrophic lateral sclerosis', 'ALS', 'motor neuron disease'],
      plan: [
        'riluzole, MND multidisciplinary clinic and respiratory monitoring',
        'edaravone discussion and PEG planning',
      ],
    },
    {
      cc: [
        'headache and confusion after a head injury',
        'a blow to the head with brief loss of consciousness',
      ],
      exam: ['GCS 15, mild ataxia, no focal deficit', 'amnesia for the event, normal cranial nerves'],
      workup: [
        'CT head [shows|showed] a small subdural hematoma',
        'CT head: no bleed; concussion symptom score high',
      ],
      dx: ['concussion', 'mild traumatic brain injury', 'acute subdural hematoma'],
      plan: [
        'cognitive rest and graded return to activity',
        'neurosurgical review and repeat CT in 24 hours',
      ],
    },
    {
      cc: ['fever, headache and neck stiffness', 'headache, photophobia and confusion with fever'],
      exam: ['nuchal rigidity with positive Kernig sign', 'meningismus, GCS 13'],
      workup: [
        'LP: opening pressure high, WBC {count}00 neutrophils, low glucose',
        'CSF HSV PCR positive; MRI temporal lobe signal',
      ],
      dx: ['bacterial meningitis', 'HSV encephalitis', 'viral meningitis'],
      plan: ['dexamethasone, ceftriaxone and vancomycin', 'IV acyclovir 10 mg/kg q8h'],
    },
  ],
  dermatology: [
    {
      cc: [
        'intensely itchy rash worse at night with household contacts itching',
        'itchy bumps between the fingers',
      ],
      exam: ['burrows in the finger webs and excoriated papules on the wrists'],
      workup: ['skin scraping [shows|showed] mites and eggs'],
      dx: ['scabies'],
      plan: [
        'permethrin 5% cream to the whole body, repeat in one week; treat contacts',
        'oral ivermectin and laundering of bedding',
      ],
    },
    {
      cc: [
        'painful skin peeling and mouth ulcers after starting a new drug',
        'a widespread blistering rash days after lamotrigine',
      ],
      exam: [
        'dusky target lesions with epidermal detachment over {count}% BSA and mucositis',
        'positive Nikolsky sign with oral erosions',
      ],
      workup: ['skin biopsy [shows|showed] full-thickness epidermal necrosis'],
      dx: ['Stevens-Johnson syndrome', 'toxic epidermal necrolysis', 'SJS/TEN overlap'],
      plan: ['stop the culprit drug and transfer to a burn unit', 'supportive wound care and cyclosporine'],
    },
    {
      cc: ['white patches on the hands and face spreading', 'depigmented patches around the mouth'],
      exam: ['depigmented macules that enhance under Wood’s lamp'],
      workup: ['Wood’s lamp examination [confirms|confirmed] depigmentation'],
      dx: ['vitiligo', 'non-segmental vitiligo'],
      plan: ['topical ruxolitinib cream', 'narrowband UVB phototherapy'],
    },
    {
      cc: ['rough growths on the fingers', 'painful lumps on the sole of the foot'],
      exam: ['verrucous papules with thrombosed capillaries', 'plantar warts interrupting skin lines'],
      workup: ['paring [shows|showed] pinpoint bleeding'],
      dx: ['common warts', 'plantar warts', 'verruca vulgaris'],
      plan: ['cryotherapy every three weeks', 'salicylic acid and occlusion'],
    },
    {
      cc: ['greasy scaling and redness of the scalp and eyebrows', 'flaky itchy skin beside the nose'],
      exam: ['greasy yellow scale on erythematous skin of the nasolabial folds'],
      workup: ['no biopsy needed; classic distribution'],
      dx: ['seborrheic dermatitis'],
      plan: ['ketoconazole shampoo and hydrocortisone 1% cream'],
    },
  ],
  endocrinology: [
    {
      cc: ['irregular periods, acne and excess facial hair', 'oligomenorrhea and weight gain with hirsutism'],
      exam: ['hirsutism (Ferriman-Gallwey [14|18|22]) and acanthosis'],
      workup: [
        'total testosterone elevated, LH:FSH ratio raised',
        'pelvic ultrasound [shows|showed] polycystic ovaries',
      ],
      dx: ['polycystic ovary syndrome', 'PCOS'],
      plan: [
        'combined oral contraceptive and metformin',
        'spironolactone for hirsutism and lifestyle changes',
      ],
      sex: 'female',
    },
    {
      cc: [
        'osteoporosis found on screening DEXA',
        'a bone health review after a fragility fracture, on no treatment',
      ],
      exam: ['thoracic kyphosis, height down 4 cm'],
      workup: ['DEXA T-score -[2.8|3.1|3.4] at the lumbar spine', 'vitamin D low, calcium and PTH normal'],
      dx: ['postmenopausal osteoporosis', 'osteoporosis'],
      plan: [
        'alendronate 70 mg weekly with calcium and vitamin D',
        'zoledronic acid yearly',
        'denosumab every six months',
      ],
    },
    {
      cc: ['obesity despite diet and exercise', 'weight management referral, BMI {bmi}'],
      exam: ['BMI {bmi}, central adiposity'],
      workup: ['TSH and overnight dexamethasone suppression normal', 'A1c 6.[0|2|4]%, ALT mildly raised'],
      dx: ['class III obesity', 'obesity with prediabetes'],
      plan: ['start semaglutide 0.25 mg weekly, titrate', 'tirzepatide and bariatric surgery referral'],
    },
    {
      cc: [
        'polyuria and thirst with very dilute urine',
        'passing large volumes of urine after a head injury',
      ],
      exam: ['dry mucous membranes'],
      workup: [
        'water deprivation test: urine stays dilute, responds to desmopressin',
        'Na [147|149|151] with urine osmolality under 200',
      ],
      dx: ['central diabetes insipidus', 'arginine vasopressin deficiency'],
      plan: ['intranasal desmopressin and pituitary MRI'],
    },
  ],
  nephrology: [
    {
      cc: [
        'weakness with a low bicarbonate and recurrent stones',
        'muscle weakness with hypokalemia and a normal anion gap acidosis',
      ],
      exam: ['normal volume status'],
      workup: [
        'urine pH 6.[5|8] with a normal-gap metabolic acidosis',
        'HCO3 {bicarb}, K 2.[8|9], positive urine anion gap',
      ],
      dx: [
        'distal renal tubular acidosis',
        'type 1 RTA',
        'normal anion gap metabolic acidosis of renal origin',
      ],
      plan: ['potassium citrate and monitor bicarbonate'],
    },
    {
      cc: [
        'confusion and thirst with a very high sodium',
        'lethargy in a nursing home resident with poor oral intake and high sodium',
      ],
      exam: ['dry mucous membranes, confused'],
      workup: ['sodium 15[6|8|9] mmol/L with free water deficit {count} L'],
      dx: ['hypernatremia', 'hypovolemic hypernatremia'],
      plan: ['D5W to replace the free water deficit, lower Na by no more than 10 mmol/L per day'],
    },
    {
      cc: [
        'dark urine and muscle pain after a marathon',
        'muscle pain and brown urine after a long lie on the floor',
      ],
      exam: ['tender swollen thighs, dry mucous membranes'],
      workup: [
        'CK {count}0,000 U/L with Cr {creat}',
        'urine dipstick positive for blood without RBCs on microscopy',
      ],
      dx: ['rhabdomyolysis with AKI', 'pigment nephropathy'],
      plan: [
        'aggressive IV fluids targeting urine output 200 mL/h and trend CK',
        'isotonic fluids and dialysis if oliguric',
      ],
    },
  ],
  orthopedics: [
    {
      cc: [
        'shoulder pain and a bump after falling off a bike',
        'collarbone pain after a fall onto the shoulder',
      ],
      exam: ['deformity and tenderness over the midshaft clavicle, skin intact'],
      workup: ['XR [shows|showed] a displaced midshaft clavicle fracture'],
      dx: ['clavicle fracture', 'midshaft clavicle fracture'],
      plan: ['sling and early range of motion', 'ORIF for shortening over 2 cm'],
    },
    {
      cc: ['a finger that locks in flexion and clicks', 'painful catching of the ring finger'],
      exam: ['tender nodule at the A1 pulley with triggering'],
      workup: ['no imaging needed'],
      dx: ['trigger finger', 'stenosing tenosynovitis'],
      plan: ['steroid injection into the tendon sheath', 'percutaneous A1 pulley release'],
    },
    {
      cc: [
        'leg pain and heaviness walking that eases sitting forward',
        'buttock and thigh pain on standing, relieved by bending',
      ],
      exam: ['normal pulses, mild weakness of ankle dorsiflexion'],
      workup: ['MRI L-spine [shows|showed] severe L4–5 central canal stenosis'],
      dx: [
        'lumbar spinal stenosis with neurogenic claudication',
        'degenerative spondylolisthesis with stenosis',
      ],
      plan: [
        'PT, epidural injection and decompressive laminectomy if refractory',
        'L4–5 decompression and fusion',
      ],
    },
    {
      cc: ['sudden back pain after lifting a box with osteoporosis', 'acute midback pain after a minor fall'],
      exam: ['point tenderness over T12, neurologically intact'],
      workup: [
        'XR [shows|showed] a T12 compression fracture with 30% height loss',
        'MRI: acute L1 wedge fracture, posterior wall intact',
      ],
      dx: ['osteoporotic vertebral compression fracture', 'T12 wedge fracture'],
      plan: ['TLSO brace, analgesia and kyphoplasty if pain persists'],
    },
    {
      cc: ['heel pain with the first steps in the morning', 'sharp plantar heel pain for months'],
      exam: ['tenderness at the medial calcaneal tubercle'],
      workup: ['XR [shows|showed] a small plantar calcaneal spur'],
      dx: ['plantar fasciitis'],
      plan: ['stretching, night splint and orthotics', 'steroid injection if no improvement'],
    },
  ],
  psychiatry: [
    {
      cc: [
        'repeated self-cutting and unstable relationships',
        'chronic emptiness, impulsivity and fear of abandonment',
      ],
      exam: ['superficial healing cuts on the forearms, labile affect'],
      workup: ['no psychotic symptoms; substance screen negative'],
      dx: ['borderline personality disorder', 'non-suicidal self-injury'],
      plan: ['dialectical behavior therapy referral and a crisis plan'],
    },
    {
      cc: [
        'daily methamphetamine use with paranoia',
        'crack cocaine use most days with cravings and failed attempts to stop',
      ],
      exam: ['agitated, picking at skin, paranoid ideation'],
      workup: ['UDS positive for amphetamines'],
      dx: ['stimulant use disorder', 'methamphetamine-induced psychosis'],
      plan: ['contingency management and addiction follow-up', 'olanzapine PRN and inpatient detox'],
    },
    {
      cc: [
        'not speaking or eating and staying in one posture for hours',
        'mutism and posturing in a known bipolar patient',
      ],
      exam: ['mutism, waxy flexibility and negativism'],
      workup: ['Bush-Francis catatonia score [12|15|18]; lorazepam challenge positive'],
      dx: ['catatonia'],
      plan: ['lorazepam 2 mg IV tid and ECT if no response'],
    },
    {
      cc: [
        'difficulty falling asleep most nights for a year',
        'chronic early waking and daytime fatigue with worry about sleep',
      ],
      exam: ['mildly anxious, no depressive features'],
      workup: ['Insomnia Severity Index [18|21|24]; sleep diary sleep efficiency 70%'],
      dx: ['chronic insomnia disorder'],
      plan: ['CBT for insomnia and sleep restriction', 'taper zolpidem and start CBT-I'],
    },
  ],
  ophthalmology: [
    {
      cc: ['a red sticky eye with crusting in the morning', 'both eyes red and watery after a cold'],
      exam: [
        'conjunctival injection with mucopurulent discharge, clear cornea',
        'follicular conjunctivitis with a tender preauricular node',
      ],
      workup: ['VA 20/20, fluorescein negative'],
      dx: ['bacterial conjunctivitis', 'viral (adenoviral) conjunctivitis'],
      plan: [
        'erythromycin ointment qid for five days',
        'cool compresses, artificial tears and hygiene advice',
      ],
    },
    {
      cc: [
        'eye pain and blurred vision after being hit by a ball',
        'blood in the front of the eye after a punch',
      ],
      exam: ['a 2 mm layered hyphema, IOP {oagiop}', 'periorbital bruising with a hyphema'],
      workup: ['CT orbits without fracture; sickle screen negative'],
      dx: ['traumatic hyphema', 'blunt ocular trauma'],
      plan: ['shield, head elevation, atropine and daily IOP checks'],
    },
    {
      cc: ['a painless lump in the eyelid for weeks', 'a tender swollen upper eyelid'],
      exam: ['a firm non-tender nodule of the upper lid tarsus'],
      workup: ['no preauricular nodes; lid eversion [shows|showed] a granuloma'],
      dx: ['chalazion', 'hordeolum'],
      plan: ['warm compresses and lid massage', 'incision and curettage'],
    },
    {
      cc: ['gritty burning eyes worse with screen use', 'dry, tired eyes at the end of the day'],
      exam: ['reduced tear break-up time and punctate keratopathy'],
      workup: ['Schirmer test {count} mm at five minutes'],
      dx: ['dry eye disease', 'meibomian gland dysfunction'],
      plan: ['preservative-free tears, lid hygiene and cyclosporine drops'],
    },
  ],
  urology: [
    {
      cc: ['perineal pain, dysuria and fever', 'painful ejaculation and pelvic pain with urinary frequency'],
      exam: ['exquisitely tender boggy prostate on DRE'],
      workup: ['urine culture [grew|grows] E. coli; PSA transiently elevated'],
      dx: ['acute bacterial prostatitis', 'chronic prostatitis'],
      plan: ['ciprofloxacin for four weeks', 'tamsulosin and pelvic floor therapy'],
      sex: 'male',
    },
    {
      cc: ['a request for permanent contraception (vasectomy)', 'a vasectomy consultation'],
      exam: ['both vasa palpable, normal testes'],
      workup: ['post-vasectomy semen analysis at 12 weeks azoospermic'],
      dx: ['vasectomy counseling', 'status post vasectomy'],
      plan: ['no-scalpel vasectomy under local anesthesia', 'semen analysis at twelve weeks'],
      sex: 'male',
    },
    {
      cc: ['leaking urine when coughing or sneezing', 'urgency, frequency and urge incontinence'],
      exam: ['stress leak on cough test, no prolapse', 'normal exam, PVR 30 mL'],
      workup: [
        'urodynamics [show|showed] detrusor overactivity',
        'bladder diary: frequency [12|14|16] per day',
      ],
      dx: ['stress urinary incontinence', 'overactive bladder with urge incontinence'],
      plan: ['mirabegron and bladder training', 'midurethral sling', 'intravesical botulinum toxin'],
    },
    {
      cc: ['inability to retract the foreskin with swelling', 'a tight foreskin and painful erections'],
      exam: ['paraphimosis with an edematous foreskin', 'phimotic foreskin with scarring'],
      workup: ['no imaging required'],
      dx: ['paraphimosis', 'phimosis', 'balanitis xerotica obliterans'],
      plan: ['manual reduction under penile block', 'circumcision'],
      sex: 'male',
    },
  ],
  obstetrics: [
    {
      cc: [
        'heavy bleeding and passage of tissue at {earlyga} weeks',
        'cramping and bleeding with a previously seen IUP',
      ],
      exam: ['open cervical os with products of conception', 'tissue at the os, uterus smaller than dates'],
      workup: [
        'TVUS [shows|showed] retained products of conception',
        'ultrasound: no cardiac activity, CRL {count} mm',
      ],
      dx: ['incomplete miscarriage', 'missed miscarriage', 'inevitable miscarriage'],
      plan: ['misoprostol or manual vacuum aspiration', 'expectant management and anti-D if Rh negative'],
    },
    {
      cc: ['a uterus small for dates at {ga} weeks', 'fundal height lagging behind dates'],
      exam: ['fundal height 4 cm below dates'],
      workup: [
        'growth scan: EFW below the 3rd centile with raised umbilical artery PI',
        'Doppler: absent end-diastolic flow',
      ],
      dx: ['fetal growth restriction', 'FGR with abnormal Dopplers'],
      plan: ['twice-weekly Dopplers and steroids; delivery by 37 weeks', 'MFM consult and delivery planning'],
    },
    {
      cc: ['a twin pregnancy at {ga} weeks', 'a first scan showing twins'],
      exam: ['fundal height larger than dates'],
      workup: [
        'ultrasound [shows|showed] monochorionic diamniotic twins',
        'scan: dichorionic twins, concordant growth',
      ],
      dx: ['monochorionic twin pregnancy', 'dichorionic diamniotic twins'],
      plan: [
        'fortnightly scans from 16 weeks for twin-twin transfusion',
        'MFM follow-up and delivery at 37 weeks',
      ],
    },
    {
      cc: ['fever, flank pain and dysuria at {ga} weeks', 'rigors and back pain in the second trimester'],
      exam: ['CVA tenderness, fever {fever}, FHR {fhr}'],
      workup: ['urine culture [grew|grows] E. coli; CTG reassuring'],
      dx: ['pyelonephritis in pregnancy', 'antenatal pyelonephritis'],
      plan: ['IV ceftriaxone, fetal monitoring and suppressive antibiotics for the rest of pregnancy'],
    },
    {
      cc: ['pelvic pressure and painless cervical change at 20 weeks', 'a short cervix on the anatomy scan'],
      exam: ['cervix 2 cm dilated with visible membranes, no contractions'],
      workup: ['TVUS cervical length 1[2|5|8] mm at 20 weeks'],
      dx: ['cervical insufficiency', 'short cervix in pregnancy'],
      plan: ['rescue cerclage', 'vaginal progesterone and serial cervical length'],
    },
    {
      cc: [
        'fever and foul lochia three days after a cesarean',
        'lower abdominal pain and fever after delivery',
      ],
      exam: ['tender uterus with offensive lochia'],
      workup: ['WBC elevated; endometrial swab sent'],
      dx: ['postpartum endometritis', 'puerperal sepsis'],
      plan: ['IV clindamycin and gentamicin until afebrile 48 hours'],
    },
  ],
};
